using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Service;

/// <summary>Deploys, undeploys and rolls back models: checks the desired state, records it as a new revision, and wakes the reconciler.</summary>
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

    /// <summary>Makes a model serve the spec a request describes: its target alone, or variants with weights, a shadow and a sticky key; every target must resolve now.</summary>
    public async Task<Result<Deployment>> DeployAsync(string? name, DeploymentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return error;
        if (TrafficRules.Reason(request.Reason) is { } badReason)
            return badReason;
        if (!(await CheckAsync(model, request, cancellationToken)).TryGetValue(out var spec, out error))
            return error;
        return Notified(await store.SetDeploymentAsync(model, spec, request.Reason, actor, cancellationToken));
    }

    /// <summary>Stops serving a model; its history stays.</summary>
    public async Task<Result<Deployment>> UndeployAsync(string? name, Actor actor, CancellationToken cancellationToken) =>
        ModelName.Parse(name).TryGetValue(out var model, out var error)
            ? Notified(await store.RemoveDeploymentAsync(model, actor, cancellationToken))
            : error;

    /// <summary>Lists every revision of a model's deployment, oldest first.</summary>
    public async Task<Result<IReadOnlyList<DeploymentRevision>>> ListRevisionsAsync(string? name, CancellationToken cancellationToken) =>
        ModelName.Parse(name).TryGetValue(out var model, out var error) ? await store.ListDeploymentRevisionsAsync(model, cancellationToken) : error;

    /// <summary>Applies an earlier revision's spec again as a new revision: the one asked for, or the one before the latest change.</summary>
    /// <remarks>The earlier spec is checked as a new deployment would be, so a rollback to a version deleted since is refused.</remarks>
    public async Task<Result<Deployment>> RollbackAsync(string? name, RollbackRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return error;
        if (request.ToRevision is <= 0)
            return Error.InvalidInput($"A revision is a positive number, not {request.ToRevision}.");
        if (TrafficRules.Reason(request.Reason) is { } badReason)
            return badReason;
        if (!(await store.ListDeploymentRevisionsAsync(model, cancellationToken)).TryGetValue(out var history, out error))
            return error;
        var current = await store.GetDeploymentAsync(model, cancellationToken);
        if (!DeploymentRules.RollbackSource(model.Value, history, current.IsSuccess ? current.Value.Revision : null, request.ToRevision)
                .TryGetValue(out var source, out error))
            return error;
        var spec = source.Spec;
        var again = new DeploymentRequest(spec.Target, spec.Batching, spec.Outputs, spec.Variants, spec.Shadow, spec.Sticky);
        if (!(await CheckAsync(model, again, cancellationToken)).TryGetValue(out _, out error))
            return error with { Message = $"Revision {source.Revision} of '{model}' cannot be restored: {error.Message}" };
        return Notified(await store.RollbackDeploymentAsync(model, source.Revision, request.Reason, actor, cancellationToken));
    }

    /// <summary>Gets one model's deployment.</summary>
    public async Task<Result<Deployment>> GetAsync(string? name, CancellationToken cancellationToken) =>
        ModelName.Parse(name).TryGetValue(out var model, out var error) ? await store.GetDeploymentAsync(model, cancellationToken) : error;

    /// <summary>Lists every deployment.</summary>
    public Task<IReadOnlyList<Deployment>> ListAsync(CancellationToken cancellationToken) => store.ListDeploymentsAsync(cancellationToken);

    private Result<Deployment> Notified(Result<Deployment> changed)
    {
        if (changed.IsSuccess)
            changes.Notify();
        return changed;
    }

    /// <summary>Checks a request and turns it into the spec to store: canonical targets that all resolve, weights that add up, outputs every version declares.</summary>
    internal async Task<Result<DeploymentSpec>> CheckAsync(ModelName model, DeploymentRequest request, CancellationToken cancellationToken)
    {
        var stableText = string.IsNullOrEmpty(request.Target) && request.Variants is [{ } first, ..] ? first.Target : request.Target;
        if (!TrafficRules.Target(model, stableText, "target").TryGetValue(out var target, out var error))
            return error;
        var batching = request.Batching ?? BatchingSettings.Default;
        if (Check(batching) is { } problem)
            return problem;
        IReadOnlyList<TrafficVariant>? variants = null;
        if (request.Variants is { } requested && !TrafficRules.Variants(model, target, requested).TryGetValue(out variants, out error))
            return error;
        var live = variants ?? [new TrafficVariant(target.ToString(), 100)];
        ShadowTraffic? shadow = null;
        if (request.Shadow is { } wanted && !TrafficRules.Shadow(model, wanted, live).TryGetValue(out shadow, out error))
            return error;
        if (request.Sticky is { } sticky && TrafficRules.Sticky(sticky) is { } badSticky)
            return badSticky;
        foreach (var reference in live.Select(v => v.Target).Append(shadow?.Target).OfType<string>())
        {
            if (!(await store.ResolveAsync(ModelReference.Parse(reference).Value, cancellationToken)).TryGetValue(out var version, out error))
                return error;
            if (request.Outputs is { } outputs && CheckOutputs(outputs, version) is { } wrong)
                return wrong;
        }
        return new DeploymentSpec(target.ToString(), batching, request.Outputs?.ToList(), variants, shadow, request.Sticky);
    }

    /// <summary>Checks that the exposed outputs are a non-empty set of outputs the version declares.</summary>
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
