using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Service;

/// <summary>Deploys and undeploys models: checks the desired state, records it, and wakes the reconciler.</summary>
/// <param name="store">The registry store that holds deployments.</param>
/// <param name="changes">The signal that wakes this process's reconciler.</param>
public sealed class DeploymentService(IRegistryStore store, ChangeSignal changes)
{
    /// <summary>The largest batch accepted.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>The longest queue delay accepted: one second.</summary>
    public const int MaxQueueDelayMicroseconds = 1_000_000;

    /// <summary>The longest queue accepted.</summary>
    public const int MaxQueueSize = 100_000;

    /// <summary>Makes the model a reference names serve that reference; the reference must resolve now.</summary>
    public async Task<Result<Deployment>> DeployAsync(string? name, DeploymentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return error;
        if (!ModelReference.Parse(request.Target).TryGetValue(out var target, out error))
            return error;
        if (target.Name != model)
            return Error.InvalidInput($"A deployment of '{model}' serves a version of '{model}', not of '{target.Name}'.");
        var batching = request.Batching ?? BatchingSettings.Default;
        if (Check(batching) is { } problem)
            return problem;
        if (!(await store.ResolveAsync(target, cancellationToken)).TryGetValue(out var version, out error))
            return error;
        if (request.Outputs is { } outputs && CheckOutputs(outputs, version) is { } wrong)
            return wrong;
        var deployed = await store.SetDeploymentAsync(model, target, batching, request.Outputs, actor, cancellationToken);
        if (deployed.IsSuccess)
            changes.Notify();
        return deployed;
    }

    /// <summary>Stops serving a model.</summary>
    public async Task<Result<Deployment>> UndeployAsync(string? name, Actor actor, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return error;
        var removed = await store.RemoveDeploymentAsync(model, actor, cancellationToken);
        if (removed.IsSuccess)
            changes.Notify();
        return removed;
    }

    /// <summary>Gets one model's deployment.</summary>
    public async Task<Result<Deployment>> GetAsync(string? name, CancellationToken cancellationToken) =>
        ModelName.Parse(name).TryGetValue(out var model, out var error) ? await store.GetDeploymentAsync(model, cancellationToken) : error;

    /// <summary>Lists every deployment.</summary>
    public Task<IReadOnlyList<Deployment>> ListAsync(CancellationToken cancellationToken) => store.ListDeploymentsAsync(cancellationToken);

    /// <summary>Checks that the exposed outputs are a non-empty set of outputs the target version declares.</summary>
    private static Error? CheckOutputs(IReadOnlyList<string> outputs, ModelVersionInfo version)
    {
        if (outputs.Count == 0)
            return Error.InvalidInput("A deployment that lists its outputs must list at least one; leave the list out to expose them all.");
        if (outputs.GroupBy(o => o, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            return Error.InvalidInput($"The output '{NameRules.Printable(repeated.Key)}' is listed twice.");
        var declared = version.Signature.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return outputs.FirstOrDefault(o => !declared.Contains(o)) is { } unknown
            ? Error.InvalidInput($"{version.Reference} has no output '{NameRules.Printable(unknown)}'; it declares {string.Join(", ", declared.Order(StringComparer.Ordinal))}.")
            : null;
    }

    private static Error? Check(BatchingSettings batching)
    {
        if (batching.MaxBatchSize is < 1 or > MaxBatchSize)
            return Error.InvalidInput($"The largest batch must be between 1 and {MaxBatchSize} rows, not {batching.MaxBatchSize}.");
        if (batching.MaxQueueDelayMicroseconds is < 0 or > MaxQueueDelayMicroseconds)
            return Error.InvalidInput($"The queue delay must be between 0 and {MaxQueueDelayMicroseconds} microseconds, not {batching.MaxQueueDelayMicroseconds}.");
        if (batching.MaxQueueSize is < 1 or > MaxQueueSize)
            return Error.InvalidInput($"The queue must hold between 1 and {MaxQueueSize} requests, not {batching.MaxQueueSize}.");
        return null;
    }
}
