using System.Collections.Concurrent;
using Capstan.Core.Registry;
using Capstan.Serving.Routing;

namespace Capstan.Serving.Lifecycle;

/// <summary>A deployed model under its serving name: how unversioned traffic is routed, and every version in memory.</summary>
/// <remarks>
/// <see cref="Promote"/> swaps the routes in one atomic step, so a request routes by either the old or the new ones,
/// never neither. A model unloaded to stay within the memory budget is <see cref="Evicted"/>: it stays deployed, and a
/// request for it asks the reconciler to load it again (<see cref="Demand"/>) and waits for <see cref="Changed"/>.
/// The reconciler is the only writer of versions; requests only read and demand. Thread-safe.
/// </remarks>
public sealed class ServedModel(string name)
{
    private readonly ConcurrentDictionary<int, LoadedVersion> _versions = new();
    private volatile TrafficRoutes? _routes;
    private volatile ModelVersionInfo? _lastServed;
    private volatile string _waitingFor = "no version has been loaded yet";
    private volatile bool _evicted;
    private volatile bool _demanded;
    private long _promotions;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The serving name.</summary>
    public string Name { get; } = name;

    /// <summary>How unversioned requests are routed, or null while no version is ready.</summary>
    public TrafficRoutes? Routes => _routes;

    /// <summary>The stable version, the first live variant, or null while none is ready.</summary>
    public LoadedVersion? Current => _routes?.Stable;

    /// <summary>The record of the stable version served last, kept while the model is unloaded so its metadata can still be read.</summary>
    public ModelVersionInfo? LastServed => _lastServed;

    /// <summary>Why no version is current, for the not-ready error.</summary>
    public string WaitingFor => _waitingFor;

    /// <summary>Whether the model was unloaded to stay within the memory budget and loads again on demand.</summary>
    public bool Evicted => _evicted;

    /// <summary>Whether a request has asked for the evicted model to be loaded again.</summary>
    public bool Demanded => _demanded;

    /// <summary>How many times routes were promoted, so that a request can tell that a load it waited for happened.</summary>
    public long Promotions => Interlocked.Read(ref _promotions);

    /// <summary>Completes at the next promotion or failure, so a request that demanded a load can look again.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Every version in memory, by number.</summary>
    public ICollection<LoadedVersion> Versions => _versions.Values;

    /// <summary>Finds a version in memory by number.</summary>
    public LoadedVersion? Find(int version) => _versions.TryGetValue(version, out var loaded) ? loaded : null;

    /// <summary>Routes traffic by <paramref name="routes"/> and returns the versions they no longer reach, which the caller retires.</summary>
    public IReadOnlyList<LoadedVersion> Promote(TrafficRoutes routes)
    {
        var kept = routes.Versions.ToHashSet();
        var replaced = _versions.Values.Where(v => !kept.Contains(v)).ToList();
        foreach (var version in kept)
            _versions[version.Version] = version;
        _routes = routes;
        _lastServed = routes.Stable.Info;
        _evicted = false;
        _demanded = false;
        Interlocked.Increment(ref _promotions);
        foreach (var version in replaced)
            _versions.TryRemove(new KeyValuePair<int, LoadedVersion>(version.Version, version));
        SignalChanged();
        return replaced;
    }

    /// <summary>Takes every version out of memory to free it for others; the model loads again on demand.</summary>
    /// <returns>The versions taken out, which the caller retires; empty when none was ready.</returns>
    public IReadOnlyList<LoadedVersion> Evict(string why)
    {
        if (_routes is null)
            return [];
        _evicted = true;
        return Clear(why);
    }

    /// <summary>Asks for the evicted model to be loaded again.</summary>
    public void Demand() => _demanded = true;

    /// <summary>Takes every version out of service and returns them, which the caller retires.</summary>
    public IReadOnlyList<LoadedVersion> Clear(string why)
    {
        _waitingFor = why;
        _routes = null;
        var removed = _versions.Values.ToList();
        _versions.Clear();
        SignalChanged();
        return removed;
    }

    /// <summary>Records why no version is current yet.</summary>
    public void Waiting(string why) => _waitingFor = why;

    /// <summary>Records that loading failed, and wakes the requests that wait for a load.</summary>
    public void Failed(string why)
    {
        _waitingFor = why;
        _demanded = false;
        SignalChanged();
    }

    private void SignalChanged() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
