using System.Diagnostics;

namespace Capstan.Testing.Load;

/// <summary>Runs requests from concurrent callers and measures their latency as the callers see it.</summary>
public static class ConcurrentLoad
{
    /// <summary>Runs <paramref name="request"/> once for each index below <paramref name="requests"/> from <paramref name="callers"/> concurrent callers and returns the 99th percentile latency in milliseconds.</summary>
    public static async Task<double> P99Async(int requests, int callers, Func<int, Task> request)
    {
        var latencies = new double[requests];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await request(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        Array.Sort(latencies);
        return latencies[(int)(requests * 0.99)];
    }
}
