using System.Collections.Concurrent;

namespace Capstan.Serving.Lifecycle;

/// <summary>Every deployed model in this process, by serving name; what the data plane reads and the reconciler writes.</summary>
public sealed class ServingTable
{
    private readonly ConcurrentDictionary<string, ServedModel> _models = new(StringComparer.Ordinal);
    private volatile bool _reconciled;

    /// <summary>Whether the reconciler has finished its first pass over the deployments.</summary>
    public bool Reconciled => _reconciled;

    /// <summary>Every served model.</summary>
    public ICollection<ServedModel> Models => _models.Values;

    /// <summary>Finds a served model by name.</summary>
    public ServedModel? Find(string name) => _models.TryGetValue(name, out var model) ? model : null;

    /// <summary>Finds or adds the served model for a deployment.</summary>
    public ServedModel GetOrAdd(string name) => _models.GetOrAdd(name, n => new ServedModel(n));

    /// <summary>Removes a model that is no longer deployed and returns it.</summary>
    public ServedModel? Remove(string name) => _models.TryRemove(name, out var model) ? model : null;

    /// <summary>Marks the first pass over the deployments as done.</summary>
    public void MarkReconciled() => _reconciled = true;
}
