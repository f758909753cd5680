namespace Capstan.Serving.Execution;

/// <summary>The thread-safe counters behind <see cref="ExecutorStatistics"/>, shared by both executors.</summary>
internal sealed class ExecutorCounters
{
    private long _requests;
    private long _batches;
    private long _rows;
    private long _rejected;
    private int _queued;

    /// <summary>Admits a request unless <paramref name="limit"/> requests are already waiting or running.</summary>
    public bool TryAdmit(int limit)
    {
        if (Interlocked.Increment(ref _queued) <= limit)
            return true;
        Interlocked.Decrement(ref _queued);
        Interlocked.Increment(ref _rejected);
        return false;
    }

    /// <summary>Marks an admitted request as finished.</summary>
    public void Leave() => Interlocked.Decrement(ref _queued);

    /// <summary>Counts one model run over <paramref name="requests"/> requests and <paramref name="rows"/> rows.</summary>
    public void CountRun(int requests, long rows)
    {
        Interlocked.Add(ref _requests, requests);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _rows, rows);
    }

    /// <summary>A snapshot of the counters.</summary>
    public ExecutorStatistics Snapshot() => new(
        Interlocked.Read(ref _requests), Interlocked.Read(ref _batches), Interlocked.Read(ref _rows),
        Interlocked.Read(ref _rejected), Volatile.Read(ref _queued));
}
