using System.Collections.Concurrent;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Runtime.Inspection;
using Capstan.Runtime.MlNet;
using Capstan.Runtime.Onnx;
using Capstan.Runtime.Runtimes;

namespace Capstan.Runtime.Tests.Runtimes;

/// <summary>Loads test models the way the server will: with the signature the registry's inspector records for them.</summary>
internal static class LoadedModels
{
    private static readonly ModelInspector Inspector = new(new InspectionOptions());
    private static readonly ConcurrentDictionary<string, ModelInspection> Inspections = new();

    public static OnnxModelRuntime Onnx { get; } = new(new OnnxRuntimeOptions());

    public static MlNetModelRuntime MlNet { get; } = new();

    /// <summary>The signature the registry records for the model at <paramref name="path"/>.</summary>
    public static ModelSignature RecordedSignature(string path) => Inspection(path).Signature;

    /// <summary>Loads the model at <paramref name="path"/> with the runtime of its format and its recorded signature.</summary>
    public static ILoadedModel Load(string path) => Load(path, Inspection(path).Signature);

    /// <summary>Loads the model at <paramref name="path"/> with the runtime of its format to serve <paramref name="signature"/>.</summary>
    public static ILoadedModel Load(string path, ModelSignature signature)
    {
        IModelRuntime runtime = Inspection(path).Format == ModelFormat.Onnx ? Onnx : MlNet;
        var loaded = runtime.Load(path, signature);
        Assert.True(loaded.IsSuccess, loaded.ToString());
        return loaded.Value;
    }

    /// <summary>Asserts that loading fails with an <see cref="ErrorCode.InvalidInput"/> error and returns its message.</summary>
    public static string Refusal(IModelRuntime runtime, string path, ModelSignature signature)
    {
        var loaded = runtime.Load(path, signature);
        Assert.False(loaded.IsSuccess, $"{Path.GetFileName(path)} was loaded.");
        Assert.Equal(ErrorCode.InvalidInput, loaded.Error.Code);
        return loaded.Error.Message;
    }

    private static ModelInspection Inspection(string path) => Inspections.GetOrAdd(path, static path =>
    {
        var inspection = Inspector.InspectAsync(path, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(inspection.IsSuccess, inspection.ToString());
        return inspection.Value;
    });
}
