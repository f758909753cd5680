using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Registry.Service;
using Capstan.Registry.Stores;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.Execution;
using Capstan.Serving.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Serving.Deployments;

/// <summary>Makes the models this process serves match the deployments in the registry: loads, warms, swaps and unloads.</summary>
/// <remarks>
/// Each pass resolves every deployment's target (so a deployment that follows an alias moves when the alias does).
/// A new version is copied, loaded and warmed while the old one keeps serving, then promoted in one step; the old
/// one is retired once the requests inside it finish. A version that fails to load leaves the old one serving and the
/// deployment failed with the reason, and is not tried again until the deployment or its target changes. Passes run
/// one at a time, on a signal from this process or every <see cref="ServingOptions.ReconcileInterval"/>.
/// </remarks>
public sealed class ModelReconciler(
    IRegistryStore registry,
    ArtifactCopies copies,
    IEnumerable<IModelRuntime> runtimes,
    ServingTable table,
    ChangeSignal signal,
    ServingOptions options,
    TimeProvider time,
    ILogger<ModelReconciler> logger) : BackgroundService
{
    private readonly Dictionary<string, (long Revision, int Version)> _failed = new(StringComparer.Ordinal);
    private readonly List<Task> _retiring = [];
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Runs one pass over every deployment; the background loop and tests call it.</summary>
    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var wanted = await registry.ListDeploymentsAsync(cancellationToken);
            foreach (var deployment in wanted)
                await ReconcileAsync(deployment, cancellationToken);
            foreach (var served in table.Models.Where(m => wanted.All(d => d.Model != m.Name)).ToList())
            {
                table.Remove(served.Name);
                _failed.Remove(served.Name);
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
        var current = served.Current;
        if (!(await ResolveAsync(deployment.Target, cancellationToken)).TryGetValue(out var desired, out var error))
        {
            await FailAsync(deployment, served, null, $"its target {deployment.Target} does not resolve: {error.Message}", cancellationToken);
            return;
        }
        if (current is null && served.Evicted && !served.Demanded && served.LastServed?.Version == desired.Version)
            return;
        if (!Exposed(desired, deployment.Outputs).TryGetValue(out var exposed, out error))
        {
            if (_failed.GetValueOrDefault(deployment.Model) != (deployment.Revision, desired.Version))
            {
                _failed[deployment.Model] = (deployment.Revision, desired.Version);
                await FailAsync(deployment, served, desired.Version, error.Message, cancellationToken);
            }
            return;
        }
        if (current is not null && current.Version == desired.Version && current.Batching == deployment.Batching
            && current.Info.Signature.Outputs.SequenceEqual(exposed.Signature.Outputs))
        {
            if (deployment.Status.State != DeploymentState.Ready || deployment.Status.ServingVersion != desired.Version)
                await ReportAsync(deployment, DeploymentState.Ready, desired.Version, desired.Version, null, cancellationToken);
            return;
        }
        if (_failed.TryGetValue(deployment.Model, out var failed) && failed == (deployment.Revision, desired.Version))
            return;
        await ReportAsync(deployment, DeploymentState.Loading, current?.Version, desired.Version, $"loading {desired.Reference}", cancellationToken);
        if (current is null)
            served.Waiting($"loading version {desired.Version}");
        if (!(await LoadAsync(desired, exposed, deployment.Batching, cancellationToken)).TryGetValue(out var loaded, out error))
        {
            _failed[deployment.Model] = (deployment.Revision, desired.Version);
            await FailAsync(deployment, served, desired.Version, error.Message, cancellationToken);
            return;
        }
        _failed.Remove(deployment.Model);
        if (served.Promote(loaded) is { } replaced)
            Retire(replaced);
        logger.LogInformation("{Model} now serves version {Version}", deployment.Model, desired.Version);
        KeepWithinBudget(served);
        await ReportAsync(deployment, DeploymentState.Ready, desired.Version, desired.Version, null, cancellationToken);
    }

    /// <summary>Unloads the least recently used idle models, other than <paramref name="keep"/>, until the loaded ones fit in the memory budget.</summary>
    private void KeepWithinBudget(ServedModel keep)
    {
        var budget = options.EffectiveMemoryBudget;
        var used = table.Models.SelectMany(m => m.Versions).Sum(v => v.Runtime.MemoryBytes);
        var idle = table.Models
            .Where(m => m != keep && m.Current is { InFlight: 0 })
            .OrderBy(m => m.Current!.LastUsedTicks)
            .ToList();
        foreach (var served in idle)
        {
            if (used <= budget)
                return;
            if (served.Evict($"it was unloaded to keep the loaded models within the memory budget of {budget} bytes; its next request loads it again") is not { } evicted)
                continue;
            used -= evicted.Runtime.MemoryBytes;
            logger.LogInformation("Unloaded {Model} version {Version} to stay within the memory budget", served.Name, evicted.Version);
            Retire(evicted);
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
        var loaded = await Task.Run(() => LoadAndWarm(runtime, version, path), cancellationToken);
        if (!loaded.TryGetValue(out var model, out error))
        {
            ArtifactCopies.Remove(path);
            return Error.InvalidInput($"{version.Reference} failed to load: {error.Message}");
        }
        IInferenceExecutor executor = batching.MaxBatchSize > 1 && IsBatchable(version.Signature)
            ? new BatchingExecutor(version.Model, version.Version, model, batching)
            : new DirectExecutor(version.Model, version.Version, model, batching.MaxQueueSize);
        return new LoadedVersion(exposed, model, executor, batching, path);
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
