using System.Text.Json.Serialization;

namespace Capstan.Core.Monitoring;

/// <summary>The statistical tests and distances that compare a feature's current values with its reference, named as Evidently names them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftTest>))]
public enum DriftTest
{
    /// <summary>Two-sample Kolmogorov–Smirnov test (numeric); drift when its p-value is below the threshold.</summary>
    [JsonStringEnumMemberName("ks")] KolmogorovSmirnov,

    /// <summary>Pearson's chi-squared test of the category counts against the reference frequencies (categorical); drift when its p-value is below the threshold.</summary>
    [JsonStringEnumMemberName("chisquare")] ChiSquared,

    /// <summary>Two-proportion z-test (binary); drift when its p-value is below the threshold.</summary>
    [JsonStringEnumMemberName("z")] ZTest,

    /// <summary>Wasserstein (earth mover's) distance divided by the reference's standard deviation (numeric); drift at or above the threshold.</summary>
    [JsonStringEnumMemberName("wasserstein")] NormedWasserstein,

    /// <summary>Jensen–Shannon distance between the category distributions (categorical); drift at or above the threshold.</summary>
    [JsonStringEnumMemberName("jensenshannon")] JensenShannon,

    /// <summary>Population stability index over the reference's bins; drift at or above the threshold.</summary>
    [JsonStringEnumMemberName("psi")] PopulationStabilityIndex,
}
