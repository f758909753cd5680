using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Cli.Deployments;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Rollouts;

namespace Capstan.Cli.Rollouts;

/// <summary>Turns <c>capstan deploy REF --rollout WEIGHTS</c> and its options into the request that starts a rollout, refusing malformed ones before any change.</summary>
internal static class RolloutArguments
{
    /// <summary>How long a step is held when <c>--step</c> is left out.</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromMinutes(5);

    /// <summary>Whether any rollout-only option is given.</summary>
    public static bool Any(DeploySettings settings) =>
        settings.Rollout is not null || settings.Step is not null || settings.MaxErrorIncrease is not null || settings.MaxP99Ratio is not null || settings.MinRequests is not null;

    /// <summary>The model and the rollout request the options describe.</summary>
    public static Result<(ModelName Model, RolloutRequest Request)> Request(DeploySettings settings)
    {
        if (settings.Rollout is not { } weights)
            return Error.InvalidInput("--step, --max-error-increase, --max-p99-ratio and --min-requests go with --rollout WEIGHTS.");
        if (settings.Canary is not null || settings.Weights is not null || settings.Shadow is not null || settings.StickyHeader is not null || settings.StickyParameter is not null)
            return Error.InvalidInput("--rollout moves traffic from the deployed stable version to REF step by step; leave out --canary, --weights, --shadow and the sticky options.");
        if (settings.Reference is null)
            return Error.InvalidInput("--rollout needs REF, the version to roll out.");
        if (!ModelReference.Parse(settings.Reference).TryGetValue(out var reference, out var error))
            return error;
        var hold = DefaultHold;
        if (settings.Step is { } step && !TimeArguments.Duration(step, "--step").TryGetValue(out hold, out error))
            return error;
        var holdSeconds = (int)Math.Min(hold.TotalSeconds, int.MaxValue);
        var steps = new List<RolloutStep?>();
        foreach (var weight in weights.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(weight, NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
                return Error.InvalidInput($"--rollout '{weights}' is not a list of percentages such as 10,25,50,100: '{weight}' is not a whole number.");
            steps.Add(new RolloutStep(percent, holdSeconds));
        }
        var defaults = RolloutThresholds.Default;
        var thresholds = new RolloutThresholds(
            settings.MaxErrorIncrease ?? defaults.MaxErrorRateIncrease, settings.MaxP99Ratio ?? defaults.MaxP99Ratio, settings.MinRequests ?? defaults.MinRequests);
        return (reference.Name, new RolloutRequest(reference.ToString(), steps, thresholds, settings.Reason));
    }
}
