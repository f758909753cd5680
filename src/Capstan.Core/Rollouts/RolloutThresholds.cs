namespace Capstan.Core.Rollouts;

/// <summary>How much worse than the stable version a canary may do at a step before its rollout aborts, and how many requests a step needs to be judged.</summary>
/// <param name="MaxErrorRateIncrease">How many percentage points the canary's error rate may exceed the stable version's.</param>
/// <param name="MaxP99Ratio">How many times the stable version's 99th percentile latency the canary's may be.</param>
/// <param name="MinRequests">The fewest requests each version must answer during a step before it is judged; until then the step holds.</param>
public sealed record RolloutThresholds(double MaxErrorRateIncrease = 1.0, double MaxP99Ratio = 2.0, int MinRequests = 20)
{
    /// <summary>The thresholds a rollout gets when it names none: one point of errors, twice the p99 latency, 20 requests.</summary>
    public static RolloutThresholds Default { get; } = new();
}
