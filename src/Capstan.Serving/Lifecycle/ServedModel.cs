using System.Collections.Concurrent;

namespace Capstan.Serving.Lifecycle;

/// <summary>A deployed model under its serving name: the version that takes unversioned traffic, and every version in memory.</summary>
/// <remarks>
/// <see cref="Promote"/> makes a loaded version current in one atomic step, so a request sees either the old or the
/// new version, never neither. The reconciler is the only writer; requests only read. Thread-safe.
/// </remarks>
public sealed class ServedModel(string name)
{
    private readonly ConcurrentDictionary<int, LoadedVersion> _versions = new();
    private volatile LoadedVersion? _current;
    private volatile string _waitingFor = "no version has been loaded yet";

    /// <summary>The serving name.</summary>
    public string Name { get; } = name;

    /// <summary>The version unversioned requests go to, or null while none is ready.</summary>
    public LoadedVersion? Current => _current;

    /// <summary>Why no version is current, for the not-ready error.</summary>
    public string WaitingFor => _waitingFor;

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
        if (replaced is not null && replaced.Version != loaded.Version)
            _versions.TryRemove(new KeyValuePair<int, LoadedVersion>(replaced.Version, replaced));
        return replaced;
    }

    /// <summary>Takes every version out of service and returns them, which the caller retires.</summary>
    public IReadOnlyList<LoadedVersion> Clear(string why)
    {
        _waitingFor = why;
        _current = null;
        var removed = _versions.Values.ToList();
        _versions.Clear();
        return removed;
    }

    /// <summary>Records why no version is current yet.</summary>
    public void Waiting(string why) => _waitingFor = why;
}
