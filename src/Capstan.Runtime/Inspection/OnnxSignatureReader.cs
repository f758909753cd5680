using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Runtime.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Inspection;

/// <summary>Reads the signature of an ONNX model by opening an ONNX Runtime session on it, tuned to be cheap.</summary>
/// <remarks>
/// The session does no graph optimisation and runs on one thread, and opens the file through <see cref="OnnxSessions"/>,
/// which refuses external data. Dimensions that are symbolic or unknown become -1. Every input is required; an input
/// Capstan cannot serve (a sequence, a map, a tensor of an element type outside <see cref="TensorDataType"/>) refuses
/// the model, while such an output is left out of the signature.
/// </remarks>
internal static class OnnxSignatureReader
{
    public static Result<ModelSignature> Read(string path)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            EnableCpuMemArena = false,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (!OnnxSessions.Open(path, options).TryGetValue(out var session, out var error))
            return error;
        using (session)
            return Describe(session);
    }

    /// <summary>Reads the signature of an open session; the runtime uses it to check a loaded model against its recorded signature.</summary>
    public static Result<ModelSignature> Describe(InferenceSession session)
    {
        var inputs = new List<TensorSpec>(session.InputNames.Count);
        foreach (var name in session.InputNames)
        {
            var metadata = session.InputMetadata[name];
            if (ToTensorSpec(name, metadata) is not { } spec)
                return Error.InvalidInput($"The ONNX model's input '{name}' is {Describe(metadata)}, which Capstan cannot serve.");
            inputs.Add(spec);
        }
        var outputs = session.OutputNames
            .Select(name => ToTensorSpec(name, session.OutputMetadata[name]))
            .OfType<TensorSpec>()
            .ToList();
        if (outputs.Count == 0)
            return Error.InvalidInput("The ONNX model has no output that Capstan can serve (every output is a sequence, a map or an unsupported tensor type).");
        return new ModelSignature(inputs, outputs, session.InputNames.ToList());
    }

    private static TensorSpec? ToTensorSpec(string name, NodeMetadata metadata) =>
        metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR && OnnxElementTypes.ToDataType(metadata.ElementDataType) is { } dataType
            ? new TensorSpec(name, dataType, metadata.Dimensions.Select(dimension => dimension < 0 ? -1L : dimension).ToArray())
            : null;

    private static string Describe(NodeMetadata metadata) =>
        metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR
            ? $"a tensor of {metadata.ElementDataType}"
            : $"of ONNX type {metadata.OnnxValueType}";
}
