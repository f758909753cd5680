using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;

namespace Capstan.Cli.Deployments;

/// <summary>Turns <c>capstan deploy</c>'s traffic options into the deployment request, refusing malformed ones before any change.</summary>
internal static class TrafficArguments
{
    /// <summary>The deployment request and the model it is for, from the options and, for <c>--canary</c>, the current deployment.</summary>
    /// <param name="settings">The options.</param>
    /// <param name="current">Gets a model's current deployment; called only for <c>--canary</c>.</param>
    public static async Task<Result<(ModelName Model, DeploymentRequest Request)>> RequestAsync(
        DeploySettings settings, Func<ModelName, Task<Result<Deployment>>> current)
    {
        ShadowTraffic? shadow = null;
        if (settings.Shadow is { } shadowText && !Shadow(shadowText).TryGetValue(out shadow, out var shadowError))
            return shadowError;
        if (settings.Weights is { } weights)
        {
            if (settings.Reference is not null || settings.Canary is not null)
                return Error.InvalidInput("Give the versions either as REF (with --canary) or in --weights, not both.");
            if (!Weights(weights).TryGetValue(out var variants, out var error) || !ModelReference.Parse(variants[0].Target).TryGetValue(out var stable, out error))
                return error;
            return (stable.Name, Request(settings, null, variants[0].Target, variants, shadow));
        }
        if (settings.Reference is null)
            return Error.InvalidInput("Give REF, the version to deploy, or the versions with --weights.");
        if (!ModelReference.Parse(settings.Reference).TryGetValue(out var reference, out var refError))
            return refError;
        if (settings.Canary is not { } percent)
            return (reference.Name, Request(settings, null, reference.ToString(), null, shadow));
        if (percent is < 1 or > 99)
            return Error.InvalidInput($"--canary takes 1 to 99 percent, not {percent}.");
        if (!(await current(reference.Name)).TryGetValue(out var deployed, out var currentError))
            return currentError.Code == ErrorCode.NotFound
                ? Error.Conflict($"--canary sends {percent}% to {reference} and the rest to the deployed stable version, but: {currentError.Message} Deploy a stable version first.")
                : currentError;
        if (deployed.Target == reference.ToString())
            return Error.InvalidInput($"{reference} is already the stable version of '{reference.Name}'; give another version as the canary.");
        var split = new TrafficVariant[] { new(deployed.Target, 100 - percent), new(reference.ToString(), percent) };
        return (reference.Name, Request(settings, deployed, deployed.Target, split, shadow ?? deployed.Shadow));
    }

    /// <summary>Parses <c>--weights REF=PERCENT,REF=PERCENT</c>.</summary>
    public static Result<IReadOnlyList<TrafficVariant>> Weights(string text)
    {
        var variants = new List<TrafficVariant>();
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.LastIndexOf('=');
            if (equals < 0 || !int.TryParse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
                return Error.InvalidInput($"--weights '{pair}' is not REF=PERCENT, such as fraud:2=10.");
            variants.Add(new TrafficVariant(pair[..equals], weight));
        }
        return variants.Count > 0 ? variants : Error.InvalidInput("--weights lists no versions; give them as REF=PERCENT separated by commas.");
    }

    /// <summary>Parses <c>--shadow REF[=PERCENT]</c>; without a percent every request is copied.</summary>
    public static Result<ShadowTraffic> Shadow(string text)
    {
        var equals = text.LastIndexOf('=');
        if (equals < 0)
            return new ShadowTraffic(text.Trim(), 100);
        return int.TryParse(text[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            ? new ShadowTraffic(text[..equals].Trim(), percent)
            : Error.InvalidInput($"--shadow '{text}' is not REF or REF=PERCENT, such as fraud:3=20.");
    }

    private static DeploymentRequest Request(
        DeploySettings settings, Deployment? kept, string target, IReadOnlyList<TrafficVariant>? variants, ShadowTraffic? shadow)
    {
        var batching = kept?.Batching ?? BatchingSettings.Default;
        var outputs = settings.Outputs?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? kept?.Outputs;
        var sticky = settings.StickyHeader is not null || settings.StickyParameter is not null
            ? new StickyKey(settings.StickyHeader, settings.StickyParameter)
            : kept?.Sticky;
        return new DeploymentRequest(
            target,
            new BatchingSettings(
                settings.MaxBatchSize ?? batching.MaxBatchSize,
                settings.MaxQueueDelayMicroseconds ?? batching.MaxQueueDelayMicroseconds,
                settings.MaxQueueSize ?? batching.MaxQueueSize),
            outputs,
            variants,
            shadow,
            sticky,
            settings.Reason);
    }
}
