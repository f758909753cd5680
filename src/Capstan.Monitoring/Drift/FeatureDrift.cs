using Capstan.Core.Monitoring;

namespace Capstan.Monitoring.Drift;

/// <summary>The outcome of one feature's drift test.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Test">The test that was run.</param>
/// <param name="Statistic">The test's statistic, or the distance for distance tests.</param>
/// <param name="PValue">The p-value for hypothesis tests; NaN for distances.</param>
/// <param name="Threshold">The p-value below which, or the distance at or above which, the feature drifted.</param>
/// <param name="Drifted">Whether the feature drifted.</param>
public sealed record FeatureDrift(string Feature, DriftTest Test, double Statistic, double PValue, double Threshold, bool Drifted);
