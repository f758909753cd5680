using MathNet.Numerics;

namespace Capstan.Monitoring.Drift;

/// <summary>Pearson's chi-squared goodness-of-fit test, as <c>scipy.stats.chisquare(observed, expected)</c> computes it.</summary>
public static class ChiSquared
{
    /// <summary>Tests observed counts against expected counts over the same categories (k − 1 degrees of freedom).</summary>
    /// <remarks>An expected count of zero where something was observed gives an infinite statistic and a p-value of zero.</remarks>
    public static StatisticResult Test(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length)
            throw new ArgumentException("Observed and expected counts must cover the same categories.", nameof(expected));
        var statistic = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var difference = observed[i] - expected[i];
            statistic += difference * difference / expected[i];
        }

        var degrees = observed.Length - 1;
        var pValue = double.IsPositiveInfinity(statistic) ? 0.0 : SpecialFunctions.GammaUpperRegularized(degrees / 2.0, statistic / 2.0);
        return new StatisticResult(statistic, pValue);
    }

    /// <summary>Tests current category counts against reference counts scaled to the current total, as Evidently does.</summary>
    public static StatisticResult FromCounts(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts)
    {
        var scale = Totals.Sum(currentCounts) / Totals.Sum(referenceCounts);
        Span<double> expected = referenceCounts.Length <= 256 ? stackalloc double[referenceCounts.Length] : new double[referenceCounts.Length];
        for (var i = 0; i < expected.Length; i++)
            expected[i] = referenceCounts[i] * scale;
        return Test(currentCounts, expected);
    }
}
