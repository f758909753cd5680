using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Registry.Service;
using Capstan.Registry.Stores;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.Execution;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Routing;
using Capstan.Serving.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Serving.Deployments;

/// <summary>Makes the models this process serves match the deployments in the registry: loads, warms, swaps and unloads.</summary>
/// <remarks>
/// Each pass resolves the target of every live variant and of the shadow (so variants that follow an alias move when
/// the alias does). Versions not yet in memory are copied, loaded and warmed while the old routes keep serving; then
/// the new routes are promoted in one step, and versions they no longer reach are retired once the requests inside
/// them finish. When the stable variant fails to load, the old routes keep serving; when another variant or the shadow
/// fails, the rest serve without it and the deployment is failed naming it. A version that failed is not tried again
/// until the deployment or its target changes. Passes run one at a time, on a signal from this process or every
/// <see cref="ServingOptions.ReconcileInterval"/>.
/// </remarks>
public sealed class ModelReconciler(
    IRegistryStore registry,
    ArtifactCopies copies,
    IEnumerable<IModelRuntime> runtimes,
    ServingTable table,
    ChangeSignal signal,
    ServingOptions options,
    TimeProvider time,
    ServingMetrics metrics,
    ILogger<ModelReconciler> logger) : BackgroundService
{
    private readonly Dictionary<(string Model, int Version), (long Revision, string Reason)> _failed = [];
    private readonly List<Task> _retiring = [];
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Runs one pass over every deployment; the background loop and tests call it.</summary>
    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var wanted = (await registry.ListDeploymentsAsync(cancellationToken)).ToList();
            foreach (var deployment in wanted)
                await ReconcileAsync(deployment, cancellationToken);
            foreach (var served in table.Models.Where(m => wanted.All(d => d.Model != m.Name)).ToList())
            {
                table.Remove(served.Name);
                foreach (var key in _failed.Keys.Where(k => k.Model == served.Name).ToList())
                    _failed.Remove(key);
                foreach (var version in served.Clear("it is no longer deployed"))
                    Retire(version);
            }
            table.MarkReconciled();
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        copies.RemoveAll();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileOnceAsync(stoppingToken);
                await signal.WaitAsync(options.ReconcileInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Reconciling the deployments failed; trying again in {Interval}", options.ReconcileInterval);
                await Task.Delay(options.ReconcileInterval, time, CancellationToken.None);
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var served in table.Models.ToList())
        {
            foreach (var version in served.Clear("the server is stopping"))
                Retire(version);
        }
        await Task.WhenAll(_retiring);
    }

    private async Task ReconcileAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var served = table.GetOrAdd(deployment.Model);
        var routes = served.Routes;
        var targets = Targets(deployment);
        var failures = new List<string>();
        var resolved = new ModelVersionInfo?[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            if (!(await ResolveAsync(targets[i].Target, cancellationToken)).TryGetValue(out var version, out var error))
            {
                if (i == 0)
                {
                    await FailAsync(deployment, served, null, $"its target {deployment.Target} does not resolve: {error.Message}", cancellationToken);
                    return;
                }
                failures.Add($"{targets[i].Target} does not resolve: {error.Message}");
                continue;
            }
            resolved[i] = version;
        }
        var stable = resolved[0]!;
        if (routes is null && served.Evicted && !served.Demanded && served.LastServed?.Version == stable.Version)
            return;

        var loaded = new LoadedVersion?[targets.Count];
        var toLoad = new List<(int Index, ModelVersionInfo Exposed)>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (resolved[i] is not { } version)
                continue;
            if (_failed.TryGetValue((deployment.Model, version.Version), out var failed) && failed.Revision == deployment.Revision)
            {
                if (i == 0)
                {
                    await ReportFailureAsync(deployment, served, stable.Version, failed.Reason, cancellationToken);
                    return;
                }
                failures.Add(failed.Reason);
                continue;
            }
            if (!Exposed(version, deployment.Outputs).TryGetValue(out var exposed, out var error))
            {
                _failed[(deployment.Model, version.Version)] = (deployment.Revision, error.Message);
                if (i == 0)
                {
                    await FailAsync(deployment, served, stable.Version, error.Message, cancellationToken);
                    return;
                }
                failures.Add(error.Message);
                continue;
            }
            loaded[i] = Reusable(served, exposed, deployment.Batching);
            if (loaded[i] is null)
                toLoad.Add((i, exposed));
        }

        if (toLoad.Count == 0 && routes is not null && Route(deployment, targets, loaded).SameAs(routes))
        {
            await ReportSettledAsync(deployment, stable.Version, failures, false, cancellationToken);
            return;
        }
        if (toLoad.Count > 0)
        {
            await ReportAsync(deployment, DeploymentState.Loading, routes?.Stable.Version, stable.Version, $"loading {string.Join(", ", toLoad.Select(l => l.Exposed.Reference))}", cancellationToken);
            if (routes is null)
                served.Waiting($"loading version {stable.Version}");
        }
        foreach (var (index, exposed) in toLoad)
        {
            if (loaded.FirstOrDefault(l => l is not null && l.Version == exposed.Version && l.Batching == deployment.Batching) is { } shared)
            {
                loaded[index] = shared;
                continue;
            }
            if ((await LoadAsync(resolved[index]!, exposed, deployment.Batching, cancellationToken)).TryGetValue(out var version, out var error))
            {
                _failed.Remove((deployment.Model, exposed.Version));
                loaded[index] = version;
                continue;
            }
            _failed[(deployment.Model, exposed.Version)] = (deployment.Revision, error.Message);
            if (index == 0)
            {
                await FailAsync(deployment, served, stable.Version, error.Message, cancellationToken);
                return;
            }
            failures.Add(error.Message);
        }

        foreach (var replaced in served.Promote(Route(deployment, targets, loaded)))
            Retire(replaced);
        logger.LogInformation("{Model} now serves {Targets}", deployment.Model, string.Join(", ", targets.Where((_, i) => loaded[i] is not null).Select(t => $"{t.Target} ({t.Weight})")));
        KeepWithinBudget(served);
        await ReportSettledAsync(deployment, stable.Version, failures, toLoad.Count > 0, cancellationToken);
    }

    /// <summary>The deployment's targets: the live variants, the stable one first, then the shadow (with its share as the weight), if any.</summary>
    private static List<TrafficVariant> Targets(Deployment deployment)
    {
        var targets = new List<TrafficVariant>(deployment.LiveVariants);
        if (deployment.Shadow is { } shadow)
            targets.Add(new TrafficVariant(shadow.Target, shadow.Percent));
        return targets;
    }

    /// <summary>The routes over the targets that have a loaded version; the stable one always has.</summary>
    private static TrafficRoutes Route(Deployment deployment, List<TrafficVariant> targets, LoadedVersion?[] loaded)
    {
        var liveCount = deployment.LiveVariants.Count;
        var live = new List<(TrafficVariant, LoadedVersion)>(liveCount);
        for (var i = 0; i < liveCount; i++)
        {
            if (loaded[i] is { } version)
                live.Add((targets[i], version));
        }
        var shadow = deployment.Shadow is null ? null : loaded[liveCount];
        return new TrafficRoutes(live, shadow, deployment.Shadow?.Percent ?? 0, deployment.Sticky);
    }

    /// <summary>The version already in memory that serves <paramref name="exposed"/> with <paramref name="batching"/>, or null.</summary>
    private static LoadedVersion? Reusable(ServedModel served, ModelVersionInfo exposed, BatchingSettings batching) =>
        served.Find(exposed.Version) is { } loaded && loaded.Batching == batching && loaded.Info.Signature.Outputs.SequenceEqual(exposed.Signature.Outputs)
            ? loaded
            : null;

    /// <summary>Reports the deployment ready, or failed naming the variants that could not be served, unless it already says so and nothing was reported since (<paramref name="reported"/>).</summary>
    private async Task ReportSettledAsync(Deployment deployment, int stable, List<string> failures, bool reported, CancellationToken cancellationToken)
    {
        var reason = failures.Count == 0 ? null : string.Join("; ", failures);
        var state = reason is null ? DeploymentState.Ready : DeploymentState.Failed;
        if (reported || deployment.Status.State != state || deployment.Status.ServingVersion != stable || deployment.Status.Reason != reason)
            await ReportAsync(deployment, state, stable, stable, reason, cancellationToken);
    }

    /// <summary>Reports a stable version that failed before, once per revision.</summary>
    private async Task ReportFailureAsync(Deployment deployment, ServedModel served, int desired, string reason, CancellationToken cancellationToken)
    {
        if (deployment.Status.State != DeploymentState.Failed || deployment.Status.Reason != reason)
            await FailAsync(deployment, served, desired, reason, cancellationToken);
    }

    /// <summary>Unloads the least recently used idle models, other than <paramref name="keep"/>, until the loaded ones fit in the memory budget.</summary>
    private void KeepWithinBudget(ServedModel keep)
    {
        var budget = options.EffectiveMemoryBudget;
        var used = table.Models.SelectMany(m => m.Versions).Sum(v => v.Runtime.MemoryBytes);
        var idle = table.Models
            .Where(m => m != keep && m.Current is not null && m.Versions.All(v => v.InFlight == 0))
            .OrderBy(m => m.Current!.LastUsedTicks)
            .ToList();
        foreach (var served in idle)
        {
            if (used <= budget)
                return;
            var evicted = served.Evict($"it was unloaded to keep the loaded models within the memory budget of {budget} bytes; its next request loads it again");
            foreach (var version in evicted)
            {
                used -= version.Runtime.MemoryBytes;
                logger.LogInformation("Unloaded {Model} version {Version} to stay within the memory budget", served.Name, version.Version);
                Retire(version);
            }
        }
        if (used > budget)
            logger.LogWarning("The loaded models hold {Used} bytes, over the memory budget of {Budget}, and none is idle", used, budget);
    }

    private async Task<Result<ModelVersionInfo>> ResolveAsync(string target, CancellationToken cancellationToken) =>
        ModelReference.Parse(target).TryGetValue(out var reference, out var error)
            ? await registry.ResolveAsync(reference, cancellationToken)
            : error;

    /// <summary>The version as the deployment serves it: with only the outputs it exposes, or all of them when it lists none.</summary>
    private static Result<ModelVersionInfo> Exposed(ModelVersionInfo version, IReadOnlyList<string>? outputs)
    {
        if (outputs is null)
            return version;
        var exposed = new List<TensorSpec>(outputs.Count);
        foreach (var name in outputs)
        {
            if (version.Signature.Outputs.FirstOrDefault(o => o.Name == name) is not { } output)
                return Error.InvalidInput($"{version.Reference} has no output '{name}', which the deployment exposes.");
            exposed.Add(output);
        }
        return version with { Signature = version.Signature with { Outputs = exposed } };
    }

    private async Task<Result<LoadedVersion>> LoadAsync(ModelVersionInfo version, ModelVersionInfo exposed, BatchingSettings batching, CancellationToken cancellationToken)
    {
        if (runtimes.FirstOrDefault(r => r.Format == version.Format) is not { } runtime)
            return Error.Internal($"No runtime serves the {version.Format} format.");
        if (!(await copies.CopyAsync(version, cancellationToken)).TryGetValue(out var path, out var error))
            return error;
        var started = time.GetTimestamp();
        var loaded = await Task.Run(() => LoadAndWarm(runtime, exposed, path), cancellationToken);
        var loadDuration = time.GetElapsedTime(started);
        if (!loaded.TryGetValue(out var model, out error))
        {
            ArtifactCopies.Remove(path);
            return Error.InvalidInput($"{version.Reference} failed to load: {error.Message}");
        }
        IInferenceExecutor executor = batching.MaxBatchSize > 1 && IsBatchable(exposed.Signature)
            ? new BatchingExecutor(version.Model, version.Version, model, batching)
            : new DirectExecutor(version.Model, version.Version, model, batching.MaxQueueSize);
        return new LoadedVersion(exposed, model, executor, batching, path, metrics.For(version.Model, version.Version, loadDuration));
    }

    private static Result<ILoadedModel> LoadAndWarm(IModelRuntime runtime, ModelVersionInfo version, string path)
    {
        if (!runtime.Load(path, version.Signature).TryGetValue(out var model, out var error))
            return error;
        var outputs = version.Signature.Outputs.Select(o => o.Name).ToList();
        if (model.Run(WarmupInputs.For(version.Signature), outputs).TryGetValue(out _, out error))
            return Result<ILoadedModel>.Success(model);
        model.Dispose();
        return Error.InvalidInput($"warming up failed: {error.Message}");
    }

    /// <summary>Whether every input and output has a variable first dimension that rows can be stacked along.</summary>
    private static bool IsBatchable(ModelSignature signature) =>
        signature.Inputs.Concat(signature.Outputs).All(t => t.Shape.Count > 0 && t.Shape[0] == -1);

    private async Task FailAsync(Deployment deployment, ServedModel served, int? desired, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Deployment of {Model} failed: {Reason}", deployment.Model, reason);
        if (served.Current is null)
            served.Failed(reason);
        await ReportAsync(deployment, DeploymentState.Failed, served.Current?.Version, desired, reason, cancellationToken);
    }

    private async Task ReportAsync(Deployment deployment, DeploymentState state, int? serving, int? desired, string? reason, CancellationToken cancellationToken)
    {
        var status = new DeploymentStatus(state, serving, desired, reason, time.GetUtcNow());
        var reported = await registry.ReportDeploymentStatusAsync(ModelName.Parse(deployment.Model).Value, deployment.Revision, status, cancellationToken);
        if (!reported.IsSuccess && reported.Error.Code is not (ErrorCode.Conflict or ErrorCode.NotFound))
            logger.LogWarning("Could not report the status of {Model}: {Error}", deployment.Model, reported.Error);
    }

    private void Retire(LoadedVersion version)
    {
        lock (_retiring)
        {
            _retiring.RemoveAll(t => t.IsCompleted);
            _retiring.Add(Task.Run(async () =>
            {
                await version.RetireAsync();
                ArtifactCopies.Remove(version.ArtifactPath);
            }));
        }
    }
}
