using System.Numerics;

namespace Capstan.Serving.Routing;

/// <summary>A lock-free histogram of latencies in microseconds with log-linear buckets about 6% wide, from which percentiles are read.</summary>
/// <remarks>
/// Below 16 µs each microsecond has a bucket; above, each power of two is split into 16 buckets. Recording is one
/// interlocked increment; reading walks the buckets and is meant for status requests, not the hot path. Thread-safe.
/// </remarks>
public sealed class LatencyHistogram
{
    private const int SubBits = 4;
    private const int SubBuckets = 1 << SubBits;
    private const int MaxExponent = 40;
    private readonly long[] _counts = new long[(MaxExponent - SubBits + 2) * SubBuckets];

    /// <summary>Counts one latency.</summary>
    public void Record(TimeSpan latency)
    {
        var microseconds = (ulong)Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 0, (1L << MaxExponent) - 1);
        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
    }

    /// <summary>The latency below which <paramref name="quantile"/> (0 to 1) of the recorded ones fall, in milliseconds, as the middle of its bucket; 0 when none was recorded.</summary>
    public double Percentile(double quantile) => Percentile(Counts(), quantile);

    /// <summary>A copy of the bucket counts, which <see cref="Percentile(ReadOnlySpan{long}, double)"/> reads and which can be subtracted from a later copy.</summary>
    public long[] Counts()
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
            counts[i] = Volatile.Read(ref _counts[i]);
        return counts;
    }

    /// <summary>The latency below which <paramref name="quantile"/> (0 to 1) of the latencies counted in <paramref name="counts"/> fall, in milliseconds; 0 when there are none.</summary>
    /// <param name="counts">Bucket counts as <see cref="Counts"/> copies them, or the difference of two copies.</param>
    /// <param name="quantile">The quantile, 0 to 1.</param>
    public static double Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
            total += count;
        if (total == 0)
            return 0;
        var rank = Math.Max((long)Math.Ceiling(quantile * total), 1);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
                return Middle(i) / 1000.0;
        }
        return Middle(counts.Length - 1) / 1000.0;
    }

    private static int IndexOf(ulong microseconds)
    {
        if (microseconds < SubBuckets)
            return (int)microseconds;
        var exponent = BitOperations.Log2(microseconds);
        var sub = (int)(microseconds >> (exponent - SubBits)) & (SubBuckets - 1);
        return ((exponent - SubBits + 1) * SubBuckets) + sub;
    }

    private static double Middle(int index)
    {
        if (index < SubBuckets)
            return index + 0.5;
        var shift = (index / SubBuckets) - 1;
        var lower = (double)((SubBuckets + (index % SubBuckets)) << shift);
        return lower + ((1L << shift) / 2.0);
    }
}
