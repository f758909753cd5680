namespace Capstan.Monitoring.Drift;

/// <summary>The outcome of drift detection over a dataset (or over a model's predictions).</summary>
/// <param name="Features">Each feature's result, in column order.</param>
/// <param name="DriftedShare">The share of features that drifted.</param>
/// <param name="Threshold">The share at or above which the dataset drifted (Evidently's <c>drift_share</c>).</param>
/// <param name="Drifted">Whether the dataset drifted.</param>
public sealed record DatasetDrift(IReadOnlyList<FeatureDrift> Features, double DriftedShare, double Threshold, bool Drifted);
