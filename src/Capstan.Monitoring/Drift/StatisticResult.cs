namespace Capstan.Monitoring.Drift;

/// <summary>A test statistic or distance and, for hypothesis tests, its p-value.</summary>
/// <param name="Statistic">The statistic (KS D, chi-squared, z) or the distance (Wasserstein, Jensen–Shannon, PSI).</param>
/// <param name="PValue">The p-value of a hypothesis test; <see cref="double.NaN"/> for distances.</param>
public readonly record struct StatisticResult(double Statistic, double PValue);
