namespace Capstan.Core.Monitoring;

/// <summary>Whether a set of columns (a version's inputs, or its predictions) drifted: each column's test, and the share that drifted.</summary>
/// <param name="DriftedShare">The share of tested columns that drifted.</param>
/// <param name="ShareThreshold">The share at or above which the set drifted (Evidently's <c>drift_share</c>).</param>
/// <param name="Drifted">Whether the set drifted.</param>
/// <param name="Features">Each tested column, in profile order.</param>
/// <param name="Skipped">The columns that could not be tested, and why (redacted, absent from every request, a test that does not apply).</param>
public sealed record DriftVerdict(
    double DriftedShare,
    double ShareThreshold,
    bool Drifted,
    IReadOnlyList<FeatureDriftResult> Features,
    IReadOnlyList<SkippedFeature> Skipped);
