using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Registry.Service;
using Capstan.Serving.Deployments;
using Capstan.Serving.Execution;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Validation;

namespace Capstan.Serving.DataPlane;

/// <summary>The data plane of this process: finds the served version, validates the request against its signature and runs it.</summary>
/// <remarks>
/// A request enters the version it found before running and leaves after, so a swap never unloads a version under
/// a running request; a request that finds its version retired in between looks again and lands on the new one.
/// </remarks>
/// <param name="table">The models this process serves.</param>
/// <param name="validator">Checks requests against the signature and the serving limits.</param>
/// <param name="changes">Wakes the reconciler to load a model unloaded for the memory budget.</param>
/// <param name="options">How long a request waits for such a load.</param>
public sealed class ServingDataPlane(ServingTable table, InputValidator validator, ChangeSignal changes, ServingOptions options) : IDataPlane
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
    public async ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, CancellationToken cancellationToken)
    {
        var demanded = false;
        while (true)
        {
            if (!Find(name, version).TryGetValue(out var loaded, out var error))
            {
                if (demanded || version is not null || table.Find(name) is not { Evicted: true } evicted)
                    return error;
                demanded = true;
                await LoadOnDemandAsync(evicted, cancellationToken);
                continue;
            }
            if (!loaded.TryEnter())
                continue;
            try
            {
                if (!validator.Validate(request, loaded.Info.Signature).TryGetValue(out var valid, out error))
                    return error;
                if (!(await loaded.Executor.RunAsync(valid.Inputs, valid.Outputs, cancellationToken)).TryGetValue(out var outputs, out error))
                    return error;
                return new InferenceResponse(name, loaded.VersionText, request.Id, outputs);
            }
            finally
            {
                loaded.Exit();
            }
        }
    }

    private async Task LoadOnDemandAsync(ServedModel evicted, CancellationToken cancellationToken)
    {
        var changed = evicted.Changed;
        evicted.Demand();
        changes.Notify();
        try
        {
            await changed.WaitAsync(options.LoadOnDemandTimeout, cancellationToken);
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
}
