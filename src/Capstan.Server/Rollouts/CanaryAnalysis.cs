using System.Globalization;
using Capstan.Core.Rollouts;
using Capstan.Core.Serving;

namespace Capstan.Server.Rollouts;

/// <summary>Compares a canary with the stable version over the requests of one step: error rate, then 99th percentile latency.</summary>
/// <remarks>
/// A step is judged only once each version answered at least <see cref="RolloutThresholds.MinRequests"/> requests;
/// before that the verdict is inconclusive and the step holds. Ground truth (the model's own metric, once monitoring
/// joins labels to predictions) belongs here as a third comparison, fed by the monitoring issue's store; until then
/// only what the data plane counts is compared.
/// </remarks>
public static class CanaryAnalysis
{
    /// <summary>The analysis of <paramref name="step"/> from each version's requests since the step began.</summary>
    public static RolloutAnalysis Analyze(int step, RolloutThresholds thresholds, TrafficStatistics stable, TrafficStatistics canary, DateTimeOffset at)
    {
        if (stable.Requests < thresholds.MinRequests || canary.Requests < thresholds.MinRequests)
            return new(at, step, stable, canary, RolloutVerdict.Inconclusive, Text(
                $"waiting for {thresholds.MinRequests} requests per version: the canary answered {canary.Requests} and the stable version {stable.Requests} since the step began"));
        var canaryRate = Rate(canary);
        var stableRate = Rate(stable);
        var errors = Text($"canary error rate {canaryRate:0.0}% vs stable {stableRate:0.0}%");
        var latency = Text($"p99 {canary.P99Milliseconds:0.###} ms vs {stable.P99Milliseconds:0.###} ms");
        if (canaryRate - stableRate > thresholds.MaxErrorRateIncrease)
            return new(at, step, stable, canary, RolloutVerdict.Failed, Text($"{errors}, more than {thresholds.MaxErrorRateIncrease:0.0#} points higher"));
        if (canary.P99Milliseconds > stable.P99Milliseconds * thresholds.MaxP99Ratio)
            return new(at, step, stable, canary, RolloutVerdict.Failed, Text($"canary {latency}, more than {thresholds.MaxP99Ratio:0.0#} times the stable version's"));
        return new(at, step, stable, canary, RolloutVerdict.Passed, Text($"{errors}, {latency} over {canary.Requests} and {stable.Requests} requests"));
    }

    private static double Rate(TrafficStatistics statistics) => 100.0 * statistics.Errors / statistics.Requests;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
