namespace Capstan.Monitoring.Drift;

/// <summary>The first Wasserstein (earth mover's) distance between two samples, as <c>scipy.stats.wasserstein_distance</c> computes it.</summary>
public static class Wasserstein
{
    /// <summary>The floor on the reference's standard deviation in <see cref="Normed"/>, as in Evidently.</summary>
    public const double MinimumScale = 0.001;

    /// <summary>The integral of |F_ref − F_cur| over the line, for two sorted samples with equal weights per value.</summary>
    public static double Distance(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        double n1 = sortedReference.Length, n2 = sortedCurrent.Length;
        int i = 0, j = 0;
        var previous = Math.Min(sortedReference[0], sortedCurrent[0]);
        var sum = 0.0;
        while (i < sortedReference.Length || j < sortedCurrent.Length)
        {
            var value = j >= sortedCurrent.Length || (i < sortedReference.Length && sortedReference[i] <= sortedCurrent[j])
                ? sortedReference[i]
                : sortedCurrent[j];
            sum += Math.Abs(i / n1 - j / n2) * (value - previous);
            previous = value;
            while (i < sortedReference.Length && sortedReference[i] <= value)
                i++;
            while (j < sortedCurrent.Length && sortedCurrent[j] <= value)
                j++;
        }

        return sum;
    }

    /// <summary>Evidently's normed distance: <see cref="Distance"/> divided by max(σ, 0.001), σ the reference's population standard deviation (ddof = 0, <c>np.std</c>).</summary>
    public static double Normed(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, double referenceStandardDeviation) =>
        Distance(sortedReference, sortedCurrent) / Math.Max(referenceStandardDeviation, MinimumScale);

    /// <summary>The population standard deviation (ddof = 0) of a sample, by two passes as <c>np.std</c> does.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
            sum += value;
        var mean = sum / values.Length;
        var squares = 0.0;
        foreach (var value in values)
            squares += (value - mean) * (value - mean);
        return Math.Sqrt(squares / values.Length);
    }
}
