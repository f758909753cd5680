using System.Collections.Concurrent;
using Capstan.Core.Registry;

namespace Capstan.Serving.Lifecycle;

/// <summary>A deployed model under its serving name: the version that takes unversioned traffic, and every version in memory.</summary>
/// <remarks>
/// <see cref="Promote"/> makes a loaded version current in one atomic step, so a request sees either the old or the
/// new version, never neither. A model unloaded to stay within the memory budget is <see cref="Evicted"/>: it stays
/// deployed, and a request for it asks the reconciler to load it again (<see cref="Demand"/>) and waits for
/// <see cref="Changed"/>. The reconciler is the only writer of versions; requests only read and demand. Thread-safe.
/// </remarks>
public sealed class ServedModel(string name)
{
    private readonly ConcurrentDictionary<int, LoadedVersion> _versions = new();
    private volatile LoadedVersion? _current;
    private volatile ModelVersionInfo? _lastServed;
    private volatile string _waitingFor = "no version has been loaded yet";
    private volatile bool _evicted;
    private volatile bool _demanded;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The serving name.</summary>
    public string Name { get; } = name;

    /// <summary>The version unversioned requests go to, or null while none is ready.</summary>
    public LoadedVersion? Current => _current;

    /// <summary>The record of the version served last, kept while the model is unloaded so its metadata can still be read.</summary>
    public ModelVersionInfo? LastServed => _lastServed;

    /// <summary>Why no version is current, for the not-ready error.</summary>
    public string WaitingFor => _waitingFor;

    /// <summary>Whether the model was unloaded to stay within the memory budget and loads again on demand.</summary>
    public bool Evicted => _evicted;

    /// <summary>Whether a request has asked for the evicted model to be loaded again.</summary>
    public bool Demanded => _demanded;

    /// <summary>Completes at the next promotion or failure, so a request that demanded a load can look again.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Every version in memory, by number.</summary>
    public ICollection<LoadedVersion> Versions => _versions.Values;

    /// <summary>Finds a version in memory by number.</summary>
    public LoadedVersion? Find(int version) => _versions.TryGetValue(version, out var loaded) ? loaded : null;

    /// <summary>Makes <paramref name="loaded"/> current and returns the version it replaces, which the caller retires.</summary>
    public LoadedVersion? Promote(LoadedVersion loaded)
    {
        var replaced = _current;
        _versions[loaded.Version] = loaded;
        _current = loaded;
        _lastServed = loaded.Info;
        _evicted = false;
        _demanded = false;
        if (replaced is not null && replaced.Version != loaded.Version)
            _versions.TryRemove(new KeyValuePair<int, LoadedVersion>(replaced.Version, replaced));
        SignalChanged();
        return replaced;
    }

    /// <summary>Takes the current version out of memory to free it for others; the model loads again on demand.</summary>
    /// <returns>The version taken out, which the caller retires, or null when none was current.</returns>
    public LoadedVersion? Evict(string why)
    {
        if (_current is not { } current)
            return null;
        _waitingFor = why;
        _evicted = true;
        _current = null;
        _versions.TryRemove(new KeyValuePair<int, LoadedVersion>(current.Version, current));
        return current;
    }

    /// <summary>Asks for the evicted model to be loaded again.</summary>
    public void Demand() => _demanded = true;

    /// <summary>Takes every version out of service and returns them, which the caller retires.</summary>
    public IReadOnlyList<LoadedVersion> Clear(string why)
    {
        _waitingFor = why;
        _current = null;
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
