using Capstan.Core.Rollouts;

namespace Capstan.Training.Pipelines;

/// <summary>How a candidate that passed the gate reaches production: not at all (registered only) or as a canary.</summary>
/// <param name="Canary">Whether to start a canary rollout.</param>
/// <param name="Weights">The canary's traffic share at each step, in percent, rising; empty without a canary.</param>
/// <param name="StepDuration">How long each step is held before its analysis.</param>
public sealed record RolloutSpec(bool Canary, IReadOnlyList<int> Weights, TimeSpan StepDuration)
{
    /// <summary>No rollout: a passing candidate is registered and nothing more.</summary>
    public static RolloutSpec None { get; } = new(false, [], TimeSpan.Zero);

    /// <summary>The steps of the rollout request, one per weight.</summary>
    public IReadOnlyList<RolloutStep> Steps() => [.. Weights.Select(weight => new RolloutStep(weight, (int)StepDuration.TotalSeconds))];
}
