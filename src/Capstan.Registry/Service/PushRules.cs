using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Service;

/// <summary>The checks a push's name and metadata must pass before its artifact is read.</summary>
public static class PushRules
{
    /// <summary>The most entries accepted in each of metrics, params and tags.</summary>
    public const int MaxEntries = 256;

    /// <summary>The longest tag or param value accepted.</summary>
    public const int MaxValueLength = 4096;

    /// <summary>The longest description accepted.</summary>
    public const int MaxDescriptionLength = 16 * 1024;

    /// <summary>The longest model card accepted, in characters.</summary>
    public const int MaxModelCardLength = 1024 * 1024;

    /// <summary>The user name recorded when the pusher gives none.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Checks a push and returns it ready to use, or the first problem found.</summary>
    public static Result<PushRequest> Check(string? name, PushMetadata? metadata)
    {
        var parsedName = ModelName.Parse(name);
        if (!parsedName.TryGetValue(out var modelName, out var error))
            return error;
        metadata ??= new PushMetadata();
        AliasName? alias = null;
        if (metadata.Alias is not null)
        {
            if (!AliasName.Parse(metadata.Alias).TryGetValue(out var parsedAlias, out error))
                return error;
            alias = parsedAlias;
        }
        var lineage = metadata.Lineage ?? Lineage.None;
        ModelReference? parent = null;
        if (lineage.Parent is not null)
        {
            if (!ModelReference.Parse(lineage.Parent).TryGetValue(out var parsedParent, out error))
                return Error.InvalidInput($"The parent reference is invalid: {error.Message}");
            parent = parsedParent;
        }
        var problem = CheckEntries("metric", metadata.Metrics, CheckMetric)
            ?? CheckEntries("param", metadata.Params, v => CheckText(v, "param value", MaxValueLength, multiline: false))
            ?? CheckEntries("tag", metadata.Tags, v => CheckText(v, "tag value", MaxValueLength, multiline: false))
            ?? CheckText(metadata.Description, "description", MaxDescriptionLength, multiline: true)
            ?? CheckText(metadata.ModelCard, "model card", MaxModelCardLength, multiline: true)
            ?? CheckLineage(lineage)
            ?? CheckText(metadata.PushedBy, "user name", NameRules.MaxLength, multiline: false);
        if (problem is { } found)
            return found;
        var normalized = metadata with
        {
            Metrics = metadata.Metrics ?? new Dictionary<string, double>(),
            Params = metadata.Params ?? new Dictionary<string, string>(),
            Tags = metadata.Tags ?? new Dictionary<string, string>(),
            Lineage = lineage,
        };
        var pushedBy = string.IsNullOrWhiteSpace(metadata.PushedBy) ? Anonymous : metadata.PushedBy;
        return new PushRequest(modelName, normalized, alias, parent, new Actor(pushedBy));
    }

    /// <summary>Checks a set of model tags, as given on push or in a model update.</summary>
    public static Error? CheckTags(IReadOnlyDictionary<string, string>? tags) =>
        CheckEntries("tag", tags, v => CheckText(v, "tag value", MaxValueLength, multiline: false));

    /// <summary>Checks free text: its length, and no control characters other than line breaks and tabs where <paramref name="multiline"/>.</summary>
    public static Error? CheckText(string? text, string what, int maxLength, bool multiline)
    {
        if (text is null)
            return null;
        if (text.Length > maxLength)
            return Error.TooLarge($"The {what} is {text.Length} characters long; at most {maxLength} are allowed.");
        foreach (var c in text)
        {
            var allowedControl = multiline && c is '\n' or '\r' or '\t';
            if (char.IsControl(c) && !allowedControl)
                return Error.InvalidInput($"The {what} contains the control character \\u{(int)c:X4}.");
        }
        return null;
    }

    private static Error? CheckEntries<T>(string what, IReadOnlyDictionary<string, T>? entries, Func<T, Error?> checkValue)
    {
        if (entries is null)
            return null;
        if (entries.Count > MaxEntries)
            return Error.TooLarge($"There are {entries.Count} {what}s; at most {MaxEntries} are allowed.");
        foreach (var (key, value) in entries)
        {
            if (!NameRules.Check(key, $"{what} name").TryGetValue(out _, out var error))
                return error;
            if (checkValue(value) is { } problem)
                return problem with { Message = $"{what} '{key}': {problem.Message}" };
        }
        return null;
    }

    private static Error? CheckMetric(double value) =>
        double.IsFinite(value) ? null : Error.InvalidInput($"The metric value {value} is not a finite number.");

    private static Error? CheckLineage(Lineage lineage)
    {
        if (lineage.GitCommit is { } commit && (commit.Length is < 7 or > 64 || !commit.All(char.IsAsciiHexDigit)))
            return Error.InvalidInput($"The git commit '{NameRules.Printable(commit)}' is not 7 to 64 hexadecimal digits.");
        return CheckText(lineage.GitBranch, "git branch", 255, multiline: false)
            ?? CheckText(lineage.DataFingerprint, "data fingerprint", 256, multiline: false);
    }
}
