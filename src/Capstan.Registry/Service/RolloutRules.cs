using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Registry.Service;

/// <summary>Checks a rollout's plan and thresholds, each failure one precise message.</summary>
internal static class RolloutRules
{
    /// <summary>The most steps a rollout has.</summary>
    public const int MaxSteps = 20;

    /// <summary>The longest hold of a step: seven days.</summary>
    public const int MaxHoldSeconds = 7 * 24 * 3600;

    /// <summary>The largest number of requests a step may be made to wait for.</summary>
    public const int MaxMinRequests = 1_000_000;

    /// <summary>The steps, with weights rising from 1 to at most 100 and holds of 1 second to 7 days (a step of 100 promotes at once, so its hold is not read).</summary>
    public static Result<IReadOnlyList<RolloutStep>> Steps(IReadOnlyList<RolloutStep?>? steps)
    {
        if (steps is null || steps.Count == 0)
            return Error.InvalidInput("A rollout needs at least one step, such as weights 10, 25, 50, 100.");
        if (steps.Count > MaxSteps)
            return Error.InvalidInput($"A rollout has at most {MaxSteps} steps, not {steps.Count}.");
        var checkedSteps = new List<RolloutStep>(steps.Count);
        foreach (var step in steps)
        {
            var number = checkedSteps.Count + 1;
            if (step is null)
                return Error.InvalidInput($"Step {number} is null; give each step as {{\"weight\": ..., \"holdSeconds\": ...}}.");
            if (step.Weight is < 1 or > 100)
                return Error.InvalidInput($"Step {number} gives the canary {step.Weight}%; a step gives it 1 to 100 percent.");
            if (checkedSteps.Count > 0 && step.Weight <= checkedSteps[^1].Weight)
                return Error.InvalidInput($"Step {number} gives the canary {step.Weight}% after {checkedSteps[^1].Weight}%; the weights must rise from step to step.");
            if (step.Weight < 100 && step.HoldSeconds is < 1 or > MaxHoldSeconds)
                return Error.InvalidInput($"Step {number} holds for {step.HoldSeconds} s; hold each step 1 s to 7 days ({MaxHoldSeconds} s).");
            checkedSteps.Add(step);
        }
        return checkedSteps[0].Weight == 100
            ? Error.InvalidInput("The first step gives the canary 100%; a rollout starts with a smaller share (deploy the version directly to switch at once).")
            : checkedSteps;
    }

    /// <summary>Checks the thresholds: 0 to 100 points of error rate, a p99 ratio of 1 to 1000, 1 to a million requests.</summary>
    public static Error? Thresholds(RolloutThresholds thresholds)
    {
        if (!(thresholds.MaxErrorRateIncrease is >= 0 and <= 100))
            return Error.InvalidInput($"The largest error-rate increase is {thresholds.MaxErrorRateIncrease} points; give 0 to 100.");
        if (!(thresholds.MaxP99Ratio is >= 1 and <= 1000))
            return Error.InvalidInput($"The largest p99 latency ratio is {thresholds.MaxP99Ratio}; give 1 to 1000.");
        return thresholds.MinRequests is < 1 or > MaxMinRequests
            ? Error.InvalidInput($"The fewest requests per step is {thresholds.MinRequests}; give 1 to {MaxMinRequests}.")
            : null;
    }
}
