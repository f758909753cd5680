using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Runtime.Inspection;
using Capstan.Runtime.Runtimes;

namespace Capstan.Runtime.MlNet;

/// <summary>Loads ML.NET model zips, saved with their input schema, of any input columns the registry records.</summary>
/// <remarks>
/// The zip is loaded as the inspector loads it and must still have its recorded signature; it must also be a
/// row-to-row mapper, as every model that ML.NET's <c>PredictionEngine</c> can run is. A Key column travels as
/// the unsigned value ML.NET stores, both ways: 0 means missing and 1 to N the N values (ML.NET's own row classes
/// read a <c>[KeyType]</c> field as 0-based and add one, so a client that used one sends that field plus one). The runtime relies on the
/// registry's inspection for the zip's safety limits (entry names, sizes, compression ratios) and does not repeat them.
/// <see cref="ILoadedModel.MemoryBytes"/> is the managed memory allocated while ML.NET loads the model, measured on the
/// loading thread: an upper bound of what the model keeps, since it counts the garbage of reading the zip too (3 to 5
/// times what stayed live for the test models). A missing
/// file is an exception, since the artifact store, not the caller, is at fault. Safe to call concurrently.
/// </remarks>
public sealed class MlNetModelRuntime : IModelRuntime
{
    /// <inheritdoc />
    public ModelFormat Format => ModelFormat.MlNet;

    /// <inheritdoc />
    public Result<ILoadedModel> Load(string artifactPath, ModelSignature signature)
    {
        using var stream = File.OpenRead(artifactPath);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        if (!MlNetSignatureReader.Load(stream).TryGetValue(out var loaded, out var error))
            return error;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var refusal = loaded.Model.IsRowToRowMapper
            ? SignatureCheck.Compare(signature, MlNetSignatureReader.Describe(loaded.Model, loaded.InputSchema, CancellationToken.None))
            : Error.InvalidInput("The ML.NET model cannot score one row at a time (a transformer in it is not a row-to-row mapper), which serving needs.");
        if (refusal is not null)
        {
            (loaded.Model as IDisposable)?.Dispose();
            return refusal.Value;
        }
        return new MlNetLoadedModel(loaded.Model, loaded.InputSchema, signature, allocated);
    }
}
