using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Tensors;
using Capstan.Registry.Artifacts;
using Capstan.Registry.Service;
using Capstan.Registry.Stores;
using Capstan.Runtime.Inspection;
using Capstan.Runtime.MlNet;
using Capstan.Runtime.Onnx;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.DataPlane;
using Capstan.Serving.Deployments;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Routing;
using Capstan.Serving.Telemetry;
using Capstan.Serving.Validation;
using Capstan.Testing.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace Capstan.Serving.Tests.Support;

/// <summary>The registry and the data plane of one process, on a real SQLite store and file artifact store, with the reconciler driven by hand.</summary>
public sealed class ServingHarness : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly FileArtifactStore _artifacts;
    private readonly TestMeterFactory _meters = new();

    private ServingHarness(TempDirectory data, IRegistryStore store, long memoryBudgetBytes, Func<IModelRuntime, IModelRuntime>? wrapRuntime)
    {
        _data = data;
        Store = store;
        _artifacts = new FileArtifactStore(_data.Combine("artifacts"));
        var changes = new ChangeSignal();
        Registry = new RegistryService(store, _artifacts, new ModelInspector(new InspectionOptions()), new RegistryOptions(), changes);
        Deployments = new DeploymentService(store, changes);
        Table = new ServingTable();
        var options = new ServingOptions { WorkDirectory = _data.Combine("serving"), MemoryBudgetBytes = memoryBudgetBytes, LoadOnDemandTimeout = TimeSpan.FromSeconds(30) };
        wrapRuntime ??= static runtime => runtime;
        IModelRuntime[] runtimes = [wrapRuntime(new OnnxModelRuntime(new OnnxRuntimeOptions())), wrapRuntime(new MlNetModelRuntime())];
        Metrics = new ServingMetrics(_meters, Table);
        Reconciler = new ModelReconciler(store, new ArtifactCopies(_artifacts, options.WorkDirectory), runtimes, Table, changes, options,
            TimeProvider.System, Metrics, NullLogger<ModelReconciler>.Instance);
        var validator = new InputValidator(new ServingLimits());
        Shadows = new ShadowCopies(validator, 64, TimeProvider.System, NullLogger<ShadowCopies>.Instance);
        DataPlane = new ServingDataPlane(Table, validator, changes, options, new RoutingRandom(Seed), Shadows, TimeProvider.System, Metrics);
    }

    /// <summary>The seed of the data plane's routing draws.</summary>
    public const long Seed = 20261129;

    /// <summary>The serving instruments, on a meter of this harness's own.</summary>
    public ServingMetrics Metrics { get; }

    /// <summary>Runs shadow copies, with a queue of 64.</summary>
    public ShadowCopies Shadows { get; }

    /// <summary>The registry store.</summary>
    public IRegistryStore Store { get; }

    /// <summary>The registry's operations.</summary>
    public RegistryService Registry { get; }

    /// <summary>Deploys and undeploys.</summary>
    public DeploymentService Deployments { get; }

    /// <summary>What this process serves.</summary>
    public ServingTable Table { get; }

    /// <summary>The reconciler, driven by <see cref="ReconcileAsync"/>.</summary>
    public ModelReconciler Reconciler { get; }

    /// <summary>The data plane.</summary>
    public ServingDataPlane DataPlane { get; }

    /// <summary>The folder under which loaded versions' artifacts are copied.</summary>
    public string ServingFolder => _data.Combine("serving");

    /// <summary>Opens a harness in a fresh data directory; a memory budget of 0 is half the available memory, and <paramref name="wrapRuntime"/> may wrap each runtime, such as to slow some models down.</summary>
    public static async Task<ServingHarness> StartAsync(long memoryBudgetBytes = 0, Func<IModelRuntime, IModelRuntime>? wrapRuntime = null)
    {
        var data = new TempDirectory();
        return new ServingHarness(data, await RegistryStores.OpenAsync(null, data.Path, TimeProvider.System, CancellationToken.None), memoryBudgetBytes, wrapRuntime);
    }

    /// <summary>Pushes a model file as the next version of <paramref name="name"/>.</summary>
    public async Task<ModelVersionInfo> PushAsync(string name, string path, string? alias = null)
    {
        await using var file = File.OpenRead(path);
        var request = PushRules.Check(name, new PushMetadata(Alias: alias)).Value;
        return (await Registry.PushAsync(request, file, CancellationToken.None)).Value;
    }

    /// <summary>Deploys a reference and runs one reconcile pass.</summary>
    public Task<Deployment> DeployAsync(string reference, BatchingSettings? batching = null) => DeployAsync(new DeploymentRequest(reference, batching));

    /// <summary>Deploys a whole request (variants, shadow, sticky key) and runs one reconcile pass.</summary>
    public async Task<Deployment> DeployAsync(DeploymentRequest request)
    {
        var name = request.Target.Split(':', '@')[0];
        var deployed = (await Deployments.DeployAsync(name, request, new Actor("test"), CancellationToken.None)).Value;
        await ReconcileAsync();
        return (await Deployments.GetAsync(name, CancellationToken.None)).Value with { Revision = deployed.Revision };
    }

    /// <summary>Runs one reconcile pass.</summary>
    public Task ReconcileAsync() => Reconciler.ReconcileOnceAsync(CancellationToken.None);

    /// <summary>Runs one breast cancer row through the data plane and returns the version that answered and its probability.</summary>
    public async Task<(string Version, float Probability)> ScoreAsync(string model, float[] row, string? version = null)
    {
        var request = new InferenceRequest(null, [Tensor.From("Features", Core.Signatures.TensorDataType.Fp32, [1, row.Length], row)], ["Probability.output"]);
        var response = (await DataPlane.InferAsync(model, version, request, CancellationToken.None)).Value;
        return (response.ModelVersion, response.Outputs[0].Span<float>()[0]);
    }

    /// <summary>Runs the reconciler's background loop, as a server does, until disposed.</summary>
    public Task RunReconcilerAsync() => Reconciler.StartAsync(CancellationToken.None);

    /// <summary>Stops serving everything and deletes the data.</summary>
    public async ValueTask DisposeAsync()
    {
        await Reconciler.StopAsync(CancellationToken.None);
        await Shadows.DisposeAsync();
        await Store.DisposeAsync();
        _artifacts.Dispose();
        _meters.Dispose();
        _data.Dispose();
    }
}
