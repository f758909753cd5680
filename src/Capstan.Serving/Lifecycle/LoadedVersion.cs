using Capstan.Core.Registry;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.Execution;
using Capstan.Serving.Routing;
using Capstan.Serving.Telemetry;

namespace Capstan.Serving.Lifecycle;

/// <summary>One version of a model in memory, with its executor, counting the requests inside it so that it is unloaded only after they finish.</summary>
/// <remarks>
/// Requests call <see cref="TryEnter"/> and <see cref="Exit"/> around their run. <see cref="RetireAsync"/> stops new
/// entries at once, waits for the requests inside, then disposes the executor and the runtime. Thread-safe.
/// </remarks>
public sealed class LoadedVersion
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _retired;
    private long _lastUsedTicks;

    /// <summary>Wraps a loaded and warmed model.</summary>
    public LoadedVersion(ModelVersionInfo info, ILoadedModel runtime, IInferenceExecutor executor, BatchingSettings batching, string artifactPath, VersionMeters meters)
    {
        Info = info;
        VersionText = info.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Runtime = runtime;
        Executor = executor;
        Batching = batching;
        ArtifactPath = artifactPath;
        Meters = meters;
        _lastUsedTicks = Environment.TickCount64;
    }

    /// <summary>The registry's record of the version, with the signature as the deployment serves it (only the outputs it exposes).</summary>
    public ModelVersionInfo Info { get; }

    /// <summary>The version number.</summary>
    public int Version => Info.Version;

    /// <summary>The version number as text, as responses name it, made once.</summary>
    public string VersionText { get; }

    /// <summary>The loaded model.</summary>
    public ILoadedModel Runtime { get; }

    /// <summary>What runs its requests.</summary>
    public IInferenceExecutor Executor { get; }

    /// <summary>The batching it was loaded with.</summary>
    public BatchingSettings Batching { get; }

    /// <summary>The private copy of its artifact, alone in its folder.</summary>
    public string ArtifactPath { get; }

    /// <summary>Its meters, one per role a request can reach it in.</summary>
    public VersionMeters Meters { get; }

    /// <summary>The live requests routed to it: count, errors and latency.</summary>
    public TrafficCounters LiveTraffic { get; } = new();

    /// <summary>The shadow copies it ran: count, errors, drops and latency.</summary>
    public TrafficCounters ShadowTraffic { get; } = new();

    /// <summary>Where it is in its lifecycle.</summary>
    public ModelState State => Volatile.Read(ref _retired) == 0 ? ModelState.Ready : _drained.Task.IsCompleted ? ModelState.Unavailable : ModelState.Unloading;

    /// <summary>How many requests are inside it now.</summary>
    public int InFlight => Volatile.Read(ref _inside);

    /// <summary>When a request last entered, as <see cref="Environment.TickCount64"/>.</summary>
    public long LastUsedTicks => Interlocked.Read(ref _lastUsedTicks);

    /// <summary>Lets a request in, unless the version is retired.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inside);
        if (Volatile.Read(ref _retired) == 1)
        {
            Exit();
            return false;
        }
        Interlocked.Exchange(ref _lastUsedTicks, Environment.TickCount64);
        return true;
    }

    /// <summary>Lets a request out.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inside) == 0 && Volatile.Read(ref _retired) == 1)
            _drained.TrySetResult();
    }

    /// <summary>Stops new requests, waits for the ones inside, and unloads.</summary>
    public async Task RetireAsync()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 1)
        {
            await _drained.Task;
            return;
        }
        if (Volatile.Read(ref _inside) == 0)
            _drained.TrySetResult();
        await _drained.Task;
        await Executor.DisposeAsync();
        Runtime.Dispose();
    }
}
