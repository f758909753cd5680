using Capstan.Core.Errors;
using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Registry.Service;
using Capstan.Serving.Deployments;
using Capstan.Serving.Execution;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Routing;
using Capstan.Serving.Telemetry;
using Capstan.Serving.Validation;

namespace Capstan.Serving.DataPlane;

/// <summary>The data plane of this process: routes a request to a served version, validates it against that version's signature and runs it.</summary>
/// <remarks>
/// A request enters the version it found before running and leaves after, so a swap never unloads a version under
/// a running request; a request that finds its version retired in between routes again by the new routes. Each
/// routed request is counted with its outcome and latency on the version that answered; after an unversioned request
/// succeeds, a share of them is copied to the shadow in the background. Each request is also recorded on the serving
/// metrics, under the variant it reached the version as. Routing, counting and recording allocate nothing.
/// </remarks>
/// <param name="table">The models this process serves.</param>
/// <param name="validator">Checks requests against the signature and the serving limits.</param>
/// <param name="changes">Wakes the reconciler to load a model unloaded for the memory budget.</param>
/// <param name="options">How long a request waits for such a load.</param>
/// <param name="random">Draws weighted random routes and the shadow share.</param>
/// <param name="shadows">Runs the shadow copies.</param>
/// <param name="time">Measures latency.</param>
/// <param name="metrics">Counts requests that fail before a version is chosen.</param>
/// <param name="recorder">Takes each answered request for the inference log, or null for none.</param>
public sealed class ServingDataPlane(
    ServingTable table, InputValidator validator, ChangeSignal changes, ServingOptions options, RoutingRandom random, ShadowCopies shadows, TimeProvider time,
    ServingMetrics metrics, IInferenceRecorder? recorder = null) : IDataPlane
{
    /// <inheritdoc />
    public bool IsReady => table.Reconciled;

    /// <inheritdoc />
    public Result<ModelMetadata> GetMetadata(string name, string? version)
    {
        var found = Find(name, version);
        if (!found.IsSuccess && !(version is null && table.Find(name) is { Evicted: true, LastServed: not null }))
            return found.Error;
        var served = table.Find(name)!;
        var info = found.IsSuccess ? found.Value.Info : served.LastServed!;
        return new ModelMetadata(
            name,
            [.. served.Versions.Select(v => v.Version).DefaultIfEmpty(info.Version).Order().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            PlatformOf(info.Format),
            info.Signature.Inputs.Where(i => info.Signature.RequiredInputs.Contains(i.Name)).ToList(),
            info.Signature.Outputs);
    }

    /// <inheritdoc />
    public Result<bool> IsModelReady(string name, string? version)
    {
        var found = Find(name, version);
        if (found.IsSuccess)
            return true;
        return found.Error.Code == ErrorCode.NotReady ? false : found.Error;
    }

    /// <inheritdoc />
    public string? StickyHeaderOf(string name) => table.Find(name)?.Routes?.Sticky?.Header;

    /// <inheritdoc />
    public ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, CancellationToken cancellationToken) =>
        InferAsync(name, version, request, null, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, string? stickyKey, CancellationToken cancellationToken)
    {
        long? demandedAt = null;
        var promotions = 0L;
        while (true)
        {
            if (!Route(name, version, request, stickyKey).TryGetValue(out var loaded, out var error))
            {
                var remaining = demandedAt is { } since ? options.LoadOnDemandTimeout - time.GetElapsedTime(since) : options.LoadOnDemandTimeout;
                if (version is not null || table.Find(name) is not { Evicted: true } evicted || remaining <= TimeSpan.Zero
                    || (demandedAt is not null && evicted.Promotions == promotions && !evicted.Demanded))
                {
                    metrics.RecordUnrouted(name, error);
                    return error;
                }
                demandedAt ??= time.GetTimestamp();
                promotions = evicted.Promotions;
                await LoadOnDemandAsync(evicted, remaining, cancellationToken);
                continue;
            }
            if (!loaded.TryEnter())
                continue;
            var meter = MeterOf(name, version, loaded);
            var started = time.GetTimestamp();
            Error? failure = ServingErrors.Unanswered;
            try
            {
                var result = await RunAsync(name, loaded, request, meter, cancellationToken);
                failure = result.IsSuccess ? null : result.Error;
                if (failure is null && version is null)
                    CopyToShadow(name, request);
                if (failure is null)
                    recorder?.Record(new InferenceRecord(time.GetUtcNow(), name, meter.Variant, time.GetElapsedTime(started), request, result.Value));
                return result;
            }
            finally
            {
                var elapsed = time.GetElapsedTime(started);
                loaded.LiveTraffic.Record(failure is null, elapsed);
                meter.RecordRequest(failure, elapsed);
                loaded.Exit();
            }
        }
    }

    private async ValueTask<Result<InferenceResponse>> RunAsync(string name, LoadedVersion loaded, InferenceRequest request, VariantMeter meter, CancellationToken cancellationToken)
    {
        if (!validator.Validate(request, loaded.Info.Signature).TryGetValue(out var valid, out var error))
            return error;
        if (!(await loaded.Executor.RunAsync(valid.Inputs, valid.Outputs, meter, cancellationToken)).TryGetValue(out var outputs, out error))
            return error;
        return new InferenceResponse(name, loaded.VersionText, request.Id, outputs);
    }

    /// <summary>The meter of the role <paramref name="loaded"/> answers in: stable, canary by its live share, else pinned.</summary>
    private VariantMeter MeterOf(string name, string? version, LoadedVersion loaded)
    {
        if (table.Find(name)?.Routes is not { } routes || ReferenceEquals(loaded, routes.Stable))
            return loaded.Meters.Stable;
        return version is null || routes.WeightOf(loaded) is not null ? loaded.Meters.Canary : loaded.Meters.Pinned;
    }

    private void CopyToShadow(string name, InferenceRequest request)
    {
        if (table.Find(name)?.Routes is { Shadow: { } shadow } routes && random.NextDouble() * 100 < routes.ShadowPercent)
            shadows.Enqueue(shadow, request);
    }

    /// <summary>Asks for an evicted model to be loaded again and waits up to <paramref name="timeout"/> for its next change.</summary>
    /// <remarks>
    /// The caller looks again after each change. It waits once more while its demand is pending, or when a load it waited
    /// for happened but the model was unloaded again before the request got in (models that share too small a budget,
    /// under traffic to each); it gives up when a load fails, or once the timeout has passed since its first demand.
    /// </remarks>
    private async Task LoadOnDemandAsync(ServedModel evicted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var changed = evicted.Changed;
        evicted.Demand();
        changes.Notify();
        try
        {
            await changed.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>The platform name the protocol's metadata gives a format, as Triton names ONNX Runtime.</summary>
    public static string PlatformOf(ModelFormat format) => format == ModelFormat.Onnx ? "onnxruntime_onnx" : "mlnet";

    private Result<LoadedVersion> Find(string name, string? version)
    {
        if (table.Find(name) is not { } served)
            return ServingErrors.NotDeployed(name);
        if (version is null)
            return served.Current is { } current ? current : ServingErrors.NotReady(name, served.WaitingFor);
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || served.Find(number) is not { } loaded)
            return ServingErrors.VersionNotServed(name, version);
        return loaded;
    }

    /// <summary>The version a request goes to: the one it pins, else the live variant its sticky key or a weighted draw picks.</summary>
    private Result<LoadedVersion> Route(string name, string? version, InferenceRequest request, string? stickyKey)
    {
        if (version is not null || table.Find(name)?.Routes is not { } routes)
            return Find(name, version);
        return string.IsNullOrEmpty(stickyKey) ? routes.Pick(request, random) : routes.Pick(stickyKey, random);
    }
}
