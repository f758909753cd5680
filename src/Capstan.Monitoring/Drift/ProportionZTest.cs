using MathNet.Numerics.Distributions;

namespace Capstan.Monitoring.Drift;

/// <summary>The pooled two-proportion z-test, two-sided, as Evidently's <c>z_stat_test</c> computes it for binary features.</summary>
public static class ProportionZTest
{
    /// <summary>Tests whether one category's share differs between reference and current; z is (p_ref − p_cur) / √(P(1−P)(1/n_ref + 1/n_cur)).</summary>
    /// <remarks>When the pooled share is 0 or 1 (one value everywhere) there is nothing to test and the p-value is 1, as in Evidently.</remarks>
    public static StatisticResult Test(long referenceHits, long referenceCount, long currentHits, long currentCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(currentCount, 1);
        var p1 = (double)referenceHits / referenceCount;
        var p2 = (double)currentHits / currentCount;
        var pooled = (p1 * referenceCount + p2 * currentCount) / (referenceCount + currentCount);
        if (pooled is <= 0 or >= 1)
            return new StatisticResult(0.0, 1.0);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / referenceCount + 1.0 / currentCount));
        return new StatisticResult(z, 2 * (1 - Normal.CDF(0, 1, Math.Abs(z))));
    }
}
