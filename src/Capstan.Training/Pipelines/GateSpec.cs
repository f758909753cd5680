using Capstan.Training.Candidates;

namespace Capstan.Training.Pipelines;

/// <summary>What a candidate must achieve on the holdout to replace the champion, with MLflow's <c>MetricThreshold</c> semantics, and its latency bound.</summary>
/// <param name="Metric">The metric compared, one of the task's <see cref="MetricCatalog"/> names.</param>
/// <param name="Threshold">The candidate's metric must be at least this (or at most, when lower is better), or null.</param>
/// <param name="MinAbsoluteChange">The candidate must beat the champion by at least this much, or null.</param>
/// <param name="MinRelativeChange">The candidate must beat the champion by at least this share of the champion's value (0 to 1), or null.</param>
/// <param name="MaxLatencyP99Ms">The largest p99 time to score one row, in milliseconds, or null for no bound.</param>
public sealed record GateSpec(string Metric, double? Threshold, double? MinAbsoluteChange, double? MinRelativeChange, double? MaxLatencyP99Ms)
{
    /// <summary>Whether a larger value of <see cref="Metric"/> is better, as the metric's nature says.</summary>
    public bool GreaterIsBetter => MetricCatalog.GreaterIsBetter(Metric);
}
