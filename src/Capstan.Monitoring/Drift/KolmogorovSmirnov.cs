namespace Capstan.Monitoring.Drift;

/// <summary>The two-sample Kolmogorov–Smirnov test, two-sided, as <c>scipy.stats.ks_2samp(method='auto')</c> computes it.</summary>
/// <remarks>
/// With both samples of at most 10,000 values SciPy uses the exact distribution and reports the statistic rounded to a
/// multiple of 1/lcm(n1, n2); above, or when the exact count overflows, Smirnov's asymptotic distribution
/// (<c>kstwo.sf(D, round(n1·n2/(n1+n2)))</c>). Both are reproduced here.
/// </remarks>
public static class KolmogorovSmirnov
{
    private const int MaxExactSize = 10_000;

    /// <summary>Tests two sorted samples; each must hold at least one value.</summary>
    public static StatisticResult Test(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        FromStatistic(Statistic(sortedReference, sortedCurrent), sortedReference.Length, sortedCurrent.Length);

    /// <summary>The largest absolute difference between the empirical distribution functions of two sorted samples.</summary>
    public static double Statistic(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        double n1 = sortedReference.Length, n2 = sortedCurrent.Length;
        int i = 0, j = 0;
        var max = 0.0;
        while (i < sortedReference.Length && j < sortedCurrent.Length)
        {
            var value = Math.Min(sortedReference[i], sortedCurrent[j]);
            while (i < sortedReference.Length && sortedReference[i] <= value)
                i++;
            while (j < sortedCurrent.Length && sortedCurrent[j] <= value)
                j++;
            var difference = Math.Abs(i / n1 - j / n2);
            if (difference > max)
                max = difference;
        }

        return max;
    }

    /// <summary>The statistic as SciPy reports it (rounded on the exact path) and its two-sided p-value for samples of the given sizes.</summary>
    public static StatisticResult FromStatistic(double statistic, long referenceCount, long currentCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(currentCount, 1);
        long n1 = referenceCount, n2 = currentCount;
        var g = Gcd(n1, n2);
        if (Math.Max(n1, n2) <= MaxExactSize)
        {
            var lcm = (double)(n1 / g) * n2;
            var h = (long)Math.Round(statistic * lcm, MidpointRounding.ToEven);
            var rounded = h / lcm;
            if (h == 0)
                return new StatisticResult(rounded, 1.0);
            var probability = n1 == n2 ? ProbabilityOutsideSquare(n1, h) : OuterProbabilityInside(n1, n2, g, h);
            if (double.IsFinite(probability) && probability is >= 0 and <= 1)
                return new StatisticResult(rounded, probability);
            statistic = rounded;
        }

        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var effective = Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return new StatisticResult(statistic, Math.Clamp(KolmogorovDistribution.Survival((long)effective, statistic), 0, 1));
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }

    private static double ProbabilityOutsideSquare(long n, long h)
    {
        var p = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            var term = 1.0;
            for (long j = 0; j < h; j++)
                term = (n - k * h - j) * term / (n + k * h + j + 1);
            p = term * (1.0 - p);
        }

        return 2 * p;
    }

    private static double OuterProbabilityInside(long m, long n, long g, long h)
    {
        if (m < n)
            (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        long minJ = 0, maxJ = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var currentLength = maxJ - minJ;
        var column = new double[Math.Min(2 * maxJ + 2, n + 1)];
        column.AsSpan((int)maxJ).Fill(1.0);
        for (long i = 1; i <= m; i++)
        {
            long lastMinJ = minJ, lastLength = currentLength;
            minJ = Math.Min(Math.Max((long)Math.Floor((ng * i - h) / (double)mg) + 1, 0), n);
            maxJ = Math.Min((long)Math.Ceiling((ng * i + h) / (double)mg), n + 1);
            if (maxJ <= minJ)
                return 1.0;
            var value = minJ == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxJ - minJ; jj++)
            {
                var j = jj + minJ;
                value = (column[jj + minJ - lastMinJ] * i + value * j) / (i + j);
                column[jj] = value;
            }

            currentLength = maxJ - minJ;
            if (lastLength > currentLength)
                column.AsSpan((int)(maxJ - minJ), (int)Math.Min(lastLength - currentLength, column.Length - (maxJ - minJ))).Fill(1.0);
        }

        return column[maxJ - minJ - 1];
    }
}
