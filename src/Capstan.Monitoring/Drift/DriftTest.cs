namespace Capstan.Monitoring.Drift;

/// <summary>The statistical tests and distances that compare a feature's current values with its reference.</summary>
public enum DriftTest
{
    /// <summary>Two-sample Kolmogorov–Smirnov test (numeric); drift when its p-value is below the threshold.</summary>
    KolmogorovSmirnov,

    /// <summary>Pearson's chi-squared test of the category counts against the reference frequencies (categorical); drift when its p-value is below the threshold.</summary>
    ChiSquared,

    /// <summary>Two-proportion z-test (binary); drift when its p-value is below the threshold.</summary>
    ZTest,

    /// <summary>Wasserstein (earth mover's) distance divided by the reference's standard deviation (numeric); drift when above the threshold.</summary>
    NormedWasserstein,

    /// <summary>Jensen–Shannon distance between the category distributions (categorical); drift when above the threshold.</summary>
    JensenShannon,

    /// <summary>Population stability index over the reference's bins; drift when above the threshold.</summary>
    PopulationStabilityIndex,
}
