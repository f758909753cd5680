using System.Text;
using Capstan.Core.Errors;

namespace Capstan.Training.Pipelines;

/// <summary>Reads a pipeline spec from YAML or JSON (JSON by a <c>.json</c> extension or a leading '{') and checks every field.</summary>
/// <remarks>
/// Every mistake is reported, not just the first, each as <c>line N: field.path: what is wrong</c>, in one
/// <see cref="ErrorCode.InvalidInput"/> error: unknown fields, wrong types, unknown trainers, metrics and enum values,
/// bad ranges, columns with two roles, a positive class for a task that has none, a cron expression that does not
/// parse. A file over <see cref="MaxBytes"/> is <see cref="ErrorCode.TooLarge"/>. Stateless and safe to call concurrently.
/// </remarks>
public static class PipelineSpecReader
{
    /// <summary>The largest spec file read.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Reads and checks the spec file at <paramref name="path"/>.</summary>
    public static Result<PipelineSpec> Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            return Error.NotFound($"There is no file '{path}'.");
        if (info.Length > MaxBytes)
            return Error.TooLarge($"'{path}' is {info.Length} bytes; a pipeline spec is at most {MaxBytes}.");
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Checks the spec <paramref name="text"/>, naming it <paramref name="source"/> in errors; JSON when <paramref name="source"/> ends in <c>.json</c> or the text starts with '{'.</summary>
    public static Result<PipelineSpec> Parse(string text, string source)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
            return Error.TooLarge($"{source} is over {MaxBytes} bytes; a pipeline spec is at most {MaxBytes}.");
        var json = source.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        if (!SpecSyntax.Parse(text, json).TryGetValue(out var root, out var error))
            return error with { Message = $"{source}, {error.Message}" };
        var binder = new SpecBinder();
        return binder.Bind(root) is { } spec
            ? spec
            : Error.InvalidInput(binder.Problems.Count == 1
                ? $"{source}, {binder.Problems[0]}"
                : $"{source} has {binder.Problems.Count} problems:\n{string.Join('\n', binder.Problems)}");
    }
}
