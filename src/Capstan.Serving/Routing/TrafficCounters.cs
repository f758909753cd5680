using Capstan.Core.Serving;

namespace Capstan.Serving.Routing;

/// <summary>The lock-free counters of the requests one loaded version answered in one role (live or shadow): requests, errors, drops and latency.</summary>
/// <remarks>Recording allocates nothing; <see cref="Snapshot"/> reads the percentiles and is meant for status requests. Thread-safe.</remarks>
public sealed class TrafficCounters
{
    private readonly LatencyHistogram _latency = new();
    private long _requests;
    private long _errors;
    private long _dropped;

    /// <summary>Whether anything was counted yet.</summary>
    public bool Used => Interlocked.Read(ref _requests) + Interlocked.Read(ref _dropped) > 0;

    /// <summary>Counts one answered request and how long it took.</summary>
    public void Record(bool succeeded, TimeSpan latency)
    {
        Interlocked.Increment(ref _requests);
        if (!succeeded)
            Interlocked.Increment(ref _errors);
        _latency.Record(latency);
    }

    /// <summary>Counts one request left out, such as a shadow copy that found the queue full.</summary>
    public void Drop() => Interlocked.Increment(ref _dropped);

    /// <summary>A snapshot of the counters with the median and 99th percentile latency.</summary>
    public TrafficStatistics Snapshot() => Sample().Since(null);

    /// <summary>The counters and latency buckets as they are now, to subtract from a later sample.</summary>
    public TrafficSample Sample() =>
        new(this, Interlocked.Read(ref _requests), Interlocked.Read(ref _errors), Interlocked.Read(ref _dropped), _latency.Counts());
}
