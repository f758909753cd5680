using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Monitoring.Drift;

namespace Capstan.Monitoring.Signals;

/// <summary>The drift signals alert rules can watch, read from the drift of the version a model's stable variant serves.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>signal</term><description>value</description></listheader>
/// <item><term><c>drift_share</c></term><description>the share of input features that drifted, 0 to 1</description></item>
/// <item><term><c>drift_detected</c></term><description>1 when the inputs drifted (the share reached the drift share threshold), else 0</description></item>
/// <item><term><c>prediction_drift_share</c></term><description>the share of prediction columns that drifted, 0 to 1; <c>prediction_drift</c> is the same</description></item>
/// <item><term><c>prediction_drift_detected</c></term><description>1 when the predictions drifted, else 0</description></item>
/// <item><term><c>drift:FEATURE</c></term><description>one input feature's (or else prediction column's) statistic or distance, such as <c>drift:mean radius</c></description></item>
/// </list>
/// A signal is null when the window has no logged requests, the headline version has no profile (or no prediction
/// profile), or the feature was not tested. A result of the scheduled evaluation over the same window is reused while
/// it is at most one <see cref="DriftOptions.Interval"/> old; other windows are evaluated on demand. Thread-safe.
/// </remarks>
/// <param name="monitor">Holds the latest results and evaluates on demand.</param>
public sealed class DriftSignals(DriftMonitor monitor) : ISignalSource
{
    /// <summary>The share of input features that drifted.</summary>
    public const string Share = "drift_share";

    /// <summary>Whether the inputs drifted: 1 or 0.</summary>
    public const string Detected = "drift_detected";

    /// <summary>The share of prediction columns that drifted.</summary>
    public const string PredictionShare = "prediction_drift_share";

    /// <summary>The share of prediction columns that drifted, by its short name.</summary>
    public const string Prediction = "prediction_drift";

    /// <summary>Whether the predictions drifted: 1 or 0.</summary>
    public const string PredictionDetected = "prediction_drift_detected";

    /// <summary>The prefix of a feature's statistic, <c>drift:FEATURE</c>.</summary>
    public const string FeaturePrefix = SignalNames.DriftPrefix + ":";

    /// <inheritdoc />
    public bool Provides(string signal) =>
        signal is Share or Detected or PredictionShare or Prediction or PredictionDetected
        || (signal.StartsWith(FeaturePrefix, StringComparison.Ordinal) && signal.Length > FeaturePrefix.Length);

    /// <inheritdoc />
    public async Task<double?> ReadAsync(string model, string signal, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!Provides(signal) || !ModelName.Parse(model).TryGetValue(out var name, out _))
            return null;
        if (!(await monitor.GetAsync(name, window, cancellationToken)).TryGetValue(out var report, out _) || report.Headline is not { Dataset: { } dataset } headline)
            return null;
        return signal switch
        {
            Share => dataset.DriftedShare,
            Detected => dataset.Drifted ? 1 : 0,
            PredictionShare or Prediction => headline.Predictions?.DriftedShare,
            PredictionDetected => headline.Predictions is { } predictions ? predictions.Drifted ? 1 : 0 : null,
            _ => Statistic(headline, signal[FeaturePrefix.Length..]),
        };
    }

    private static double? Statistic(VersionDrift version, string feature) =>
        (version.Dataset?.Features.FirstOrDefault(f => f.Feature == feature) ?? version.Predictions?.Features.FirstOrDefault(f => f.Feature == feature))?.Statistic;
}
