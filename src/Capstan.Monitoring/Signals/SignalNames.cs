namespace Capstan.Monitoring.Signals;

/// <summary>The families of signal names that alert rules can watch, and which part of monitoring owns each.</summary>
/// <remarks>
/// Drift signals start with <c>drift</c> (the dataset's drifted share, the prediction's drift, one feature's statistic as
/// <c>drift:FEATURE</c>); realized performance signals are the metric names (<c>accuracy</c>, <c>precision</c>,
/// <c>recall</c>, <c>f1</c>, <c>auc</c>, <c>log_loss</c>, <c>mae</c>, <c>rmse</c>, <c>r2</c>); serving signals are
/// <c>error_rate</c>, <c>latency_p99_ms</c> and <c>requests</c>.
/// </remarks>
public static class SignalNames
{
    /// <summary>The prefix of every drift signal.</summary>
    public const string DriftPrefix = "drift";
}
