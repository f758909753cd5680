using Capstan.Core.Serving;

namespace Capstan.Serving.Routing;

/// <summary>The counters of one <see cref="TrafficCounters"/> at one moment, from which the statistics of the requests between two moments are read.</summary>
/// <remarks>Immutable; a rollout takes one when a step begins and subtracts it from one taken at the step's analysis.</remarks>
public sealed class TrafficSample
{
    private readonly TrafficCounters _source;
    private readonly long[] _latencyCounts;

    internal TrafficSample(TrafficCounters source, long requests, long errors, long dropped, long[] latencyCounts)
    {
        _source = source;
        Requests = requests;
        Errors = errors;
        Dropped = dropped;
        _latencyCounts = latencyCounts;
    }

    /// <summary>Requests counted until the sample.</summary>
    public long Requests { get; }

    /// <summary>Errors counted until the sample.</summary>
    public long Errors { get; }

    /// <summary>Drops counted until the sample.</summary>
    public long Dropped { get; }

    /// <summary>The statistics of the requests counted after <paramref name="earlier"/> and up to this sample; all of them when it is null or was taken from other counters (the version was loaded again since).</summary>
    public TrafficStatistics Since(TrafficSample? earlier)
    {
        if (earlier is null || !ReferenceEquals(earlier._source, _source))
            return new(Requests, Errors, LatencyHistogram.Percentile(_latencyCounts, 0.5), LatencyHistogram.Percentile(_latencyCounts, 0.99), Dropped);
        var counts = new long[_latencyCounts.Length];
        for (var i = 0; i < counts.Length; i++)
            counts[i] = _latencyCounts[i] - earlier._latencyCounts[i];
        return new(
            Requests - earlier.Requests, Errors - earlier.Errors, LatencyHistogram.Percentile(counts, 0.5), LatencyHistogram.Percentile(counts, 0.99),
            Dropped - earlier.Dropped);
    }
}
