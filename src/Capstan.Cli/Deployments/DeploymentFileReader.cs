using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Capstan.Cli.Deployments;

/// <summary>Reads a deployment file (YAML, or JSON by its <c>.json</c> extension or a leading '{') into the model and the spec it wants, in canonical form.</summary>
/// <remarks>Unknown fields and values of the wrong type are refused with the file's line; the server checks the rest when the spec is applied.</remarks>
internal static partial class DeploymentFileReader
{
    /// <summary>The largest file read.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static Result<(ModelName Model, DeploymentSpec Spec)> Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            return Error.NotFound($"There is no file '{path}'.");
        if (info.Length > MaxBytes)
            return Error.TooLarge($"'{path}' is {info.Length} bytes; a deployment file is at most {MaxBytes}.");
        return Parse(File.ReadAllText(path), path).Then(file => Spec(file, path));
    }

    /// <summary>Parses the text of a deployment file named <paramref name="path"/>.</summary>
    public static Result<DeploymentFile> Parse(string text, string path)
    {
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        try
        {
            var file = json ? JsonSerializer.Deserialize<DeploymentFile>(text, JsonOptions) : Yaml.Deserialize<DeploymentFile>(text);
            return file ?? (Result<DeploymentFile>)Error.InvalidInput($"{path} is empty.");
        }
        catch (JsonException e)
        {
            var message = Describe(e.Message.Split(" Path:", 2)[0]);
            return Error.InvalidInput(e.LineNumber is { } line ? $"{path}, line {line + 1}: {message}" : $"{path}: {message}");
        }
        catch (YamlException e)
        {
            var message = (e.InnerException ?? e).Message;
            var problem = message.Contains("): ", StringComparison.Ordinal) ? message[(message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : message;
            return Error.InvalidInput($"{path}, line {e.Start.Line}: {Describe(problem)}");
        }
    }

    private static Result<(ModelName Model, DeploymentSpec Spec)> Spec(DeploymentFile file, string path)
    {
        if (file.Model is null)
            return Error.InvalidInput($"{path} names no model; add 'model: NAME'.");
        if (!ModelName.Parse(file.Model).TryGetValue(out var model, out var error))
            return error;
        var targetText = file.Target ?? file.Variants?.FirstOrDefault()?.Target;
        if (targetText is null)
            return Error.InvalidInput($"{path} gives neither a target nor variants.");
        if (!Canonical(targetText).TryGetValue(out var target, out error))
            return error;
        var variants = new List<TrafficVariant>();
        foreach (var variant in file.Variants ?? [])
        {
            if (!Canonical(variant.Target).TryGetValue(out var variantTarget, out error))
                return error;
            variants.Add(new TrafficVariant(variantTarget, variant.Weight));
        }
        ShadowTraffic? shadow = null;
        if (file.Shadow is { } shadowEntry)
        {
            if (!Canonical(shadowEntry.Target).TryGetValue(out var shadowTarget, out error))
                return error;
            shadow = new ShadowTraffic(shadowTarget, shadowEntry.Percent);
        }
        var batching = file.Batching is { } b ? new BatchingSettings(b.MaxBatchSize, b.MaxQueueDelayMicroseconds, b.MaxQueueSize) : BatchingSettings.Default;
        var sticky = file.Sticky is { } s ? new StickyKey(s.Header, s.Parameter) : null;
        return (model, new DeploymentSpec(
            target, batching, file.Outputs, file.Variants is null ? null : variants is [{ Weight: 100 }] ? null : variants, shadow, sticky));
    }

    /// <summary>A parser's message in the file's terms: the unknown field by name, or the value's problem without .NET type names.</summary>
    private static string Describe(string message)
    {
        if (UnknownField().Match(message) is { Success: true } unknown)
            return $"unknown field '{unknown.Groups[1].Value}'.";
        return message.Contains("System.", StringComparison.Ordinal) || message.Contains("Capstan.", StringComparison.Ordinal)
            ? "the value does not have the form this field takes (text, a whole number, a list or a mapping)."
            : message;
    }

    [GeneratedRegex("property '([^']*)' (?:not found|could not be mapped)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnknownField();

    private static Result<string> Canonical(string? reference) => ModelReference.Parse(reference).Map(r => r.ToString());
}
