using System.Runtime.CompilerServices;
using Capstan.Core.Serving;
using Capstan.Monitoring.Signals;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Routing;

namespace Capstan.Server.Alerts;

/// <summary>Provides the <see cref="ServingSignals"/> of a model from the live traffic counters of the versions this process has loaded.</summary>
/// <remarks>
/// The counters are cumulative since each version loaded. Each read samples them and keeps the samples (spaced at least
/// a sixtieth of the shortest window asked for, at most <see cref="MaxSamples"/> per version, thinned evenly beyond that),
/// then subtracts the newest sample at least one window old. Until a version has been watched for a whole window the
/// figures count from its load. A version unloaded during the window takes its requests with it. Thread-safe.
/// </remarks>
/// <param name="table">The models this process serves.</param>
/// <param name="time">The clock the samples are dated by.</param>
public sealed class ServingSignalSource(ServingTable table, TimeProvider time) : ISignalSource
{
    /// <summary>The most samples kept for one version.</summary>
    public const int MaxSamples = 512;

    private readonly ConditionalWeakTable<TrafficCounters, SampleHistory> _histories = [];

    /// <inheritdoc />
    public bool Provides(string signal) => signal is ServingSignals.ErrorRate or ServingSignals.LatencyP99Milliseconds or ServingSignals.Requests;

    /// <inheritdoc />
    public Task<double?> ReadAsync(string model, string signal, TimeSpan window, CancellationToken cancellationToken)
    {
        if (table.Find(model) is not { } served || served.Versions.Count == 0)
            return Task.FromResult<double?>(null);
        var now = time.GetUtcNow();
        long requests = 0, errors = 0;
        double p99 = 0;
        foreach (var version in served.Versions)
        {
            var counters = version.LiveTraffic;
            var statistics = _histories.GetValue(counters, _ => new SampleHistory()).Read(counters.Sample(), now, window);
            requests += statistics.Requests;
            errors += statistics.Errors;
            if (statistics.Requests > 0)
                p99 = Math.Max(p99, statistics.P99Milliseconds);
        }
        double? value = signal switch
        {
            ServingSignals.Requests => requests,
            ServingSignals.ErrorRate => requests == 0 ? null : (double)errors / requests,
            ServingSignals.LatencyP99Milliseconds => requests == 0 ? null : p99,
            _ => null,
        };
        return Task.FromResult(value);
    }

    /// <summary>The dated samples of one version's counters.</summary>
    private sealed class SampleHistory
    {
        private readonly Lock _lock = new();
        private readonly List<(DateTimeOffset At, TrafficSample Sample)> _samples = [];
        private TimeSpan _longest;
        private TimeSpan _shortest = TimeSpan.MaxValue;

        /// <summary>Keeps <paramref name="sample"/> and returns the statistics of the requests in the window that ends at <paramref name="now"/>.</summary>
        public TrafficStatistics Read(TrafficSample sample, DateTimeOffset now, TimeSpan window)
        {
            lock (_lock)
            {
                _longest = window > _longest ? window : _longest;
                _shortest = window < _shortest ? window : _shortest;
                var start = now - window;
                var baseline = _samples.FindLastIndex(s => s.At <= start);
                var statistics = sample.Since(baseline < 0 ? null : _samples[baseline].Sample);
                if (_samples.Count == 0 || now - _samples[^1].At >= _shortest / 60)
                    _samples.Add((now, sample));
                var expired = _samples.FindLastIndex(s => s.At <= now - _longest);
                if (expired > 0)
                    _samples.RemoveRange(0, expired);
                if (_samples.Count > MaxSamples)
                {
                    for (var i = _samples.Count - 2; i > 0; i -= 2)
                        _samples.RemoveAt(i);
                }
                return statistics;
            }
        }
    }
}
