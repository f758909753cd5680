namespace Capstan.Monitoring.Drift;

/// <summary>The Jensen–Shannon distance, as <c>scipy.spatial.distance.jensenshannon(p, q)</c> computes it with the natural logarithm.</summary>
/// <remarks>Evidently calls SciPy without a base, so its threshold of 0.1 is on this natural-log distance (at most √ln 2 ≈ 0.833).</remarks>
public static class JensenShannon
{
    /// <summary>√(½ KL(p‖m) + ½ KL(q‖m)) with m = (p + q)/2, after normalising p and q to sum to one.</summary>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
            throw new ArgumentException("Both distributions must cover the same bins.", nameof(q));
        double pTotal = Totals.Sum(p), qTotal = Totals.Sum(q);

        var divergence = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            double pi = p[i] / pTotal, qi = q[i] / qTotal, mi = (pi + qi) / 2;
            divergence += RelativeEntropy(pi, mi) + RelativeEntropy(qi, mi);
        }

        return Math.Sqrt(divergence / 2);
    }

    private static double RelativeEntropy(double x, double y) => x > 0 && y > 0 ? x * Math.Log(x / y) : x == 0 && y >= 0 ? 0 : double.PositiveInfinity;
}
