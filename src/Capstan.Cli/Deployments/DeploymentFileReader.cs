using Capstan.Cli.Application;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;

namespace Capstan.Cli.Deployments;

/// <summary>Reads a deployment file (YAML, or JSON by its <c>.json</c> extension or a leading '{') into the model and the spec it wants, in canonical form.</summary>
/// <remarks>Unknown fields and values of the wrong type are refused with the file's line; the server checks the rest when the spec is applied.</remarks>
internal static class DeploymentFileReader
{
    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static Result<(ModelName Model, DeploymentSpec Spec)> Read(string path) =>
        SpecFiles.Read<DeploymentFile>(path, "deployment file").Then(file => Spec(file, path));

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

    private static Result<string> Canonical(string? reference) => ModelReference.Parse(reference).Map(r => r.ToString());
}
