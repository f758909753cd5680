using System.Text.Json.Serialization;

namespace Capstan.Core.Monitoring;

/// <summary>One column's drift test, with the reference's and the window's histograms over the same bins.</summary>
/// <param name="Feature">The column's name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Test">The test that was run.</param>
/// <param name="Statistic">The test's statistic (KS D, chi-squared, z) or the distance; chi-squared is infinite (the string <c>"Infinity"</c> in JSON) when a category the reference never had appears.</param>
/// <param name="PValue">The p-value of a hypothesis test; null for distances.</param>
/// <param name="Threshold">The p-value below which, or the distance at or above which, the column drifted.</param>
/// <param name="Drifted">Whether the column drifted.</param>
/// <param name="Count">How many values the window held for the column (missing ones excluded).</param>
/// <param name="MissingRate">The share of the window's rows without a value.</param>
/// <param name="ReferenceMissingRate">The share of the reference's rows without a value.</param>
/// <param name="Histogram">The reference's and the window's counts over the same bins or categories.</param>
public sealed record FeatureDriftResult(
    string Feature,
    FeatureKind Kind,
    DriftTest Test,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double Statistic,
    double? PValue,
    double Threshold,
    bool Drifted,
    long Count,
    double MissingRate,
    double ReferenceMissingRate,
    DriftHistogram Histogram);
