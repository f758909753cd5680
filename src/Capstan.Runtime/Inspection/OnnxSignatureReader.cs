using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Capstan.Runtime.Inspection;

/// <summary>Reads the signature of an ONNX model by opening an ONNX Runtime session on it, tuned to be cheap.</summary>
/// <remarks>
/// The session does no graph optimisation and runs on one thread; the model format is forced to ONNX, since ONNX Runtime
/// would otherwise choose its own ORT format for a path ending in ".ort". Dimensions that are symbolic or unknown
/// become -1. Every input is required; an input Capstan cannot serve (a sequence, a map, a tensor of an element type
/// outside <see cref="TensorDataType"/>) refuses the model, while such an output is left out of the signature.
/// A model that keeps tensors in external data files is refused: ONNX Runtime would read any file beside the model
/// that the model names, so external data is looked up in an empty directory of this process instead, and a Capstan
/// artifact is one file anyway.
/// </remarks>
internal static class OnnxSignatureReader
{
    private const string ExternalDataMarker = "External data";

    private static readonly Lazy<string> EmptyExternalDataDirectory = new(CreateEmptyDirectory);

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
        options.AddSessionConfigEntry("session.load_model_format", "ONNX");
        options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", EmptyExternalDataDirectory.Value);
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException exception) when (exception.Message.Contains(ExternalDataMarker, StringComparison.Ordinal))
        {
            return Error.InvalidInput("The file is not a valid ONNX model: it keeps tensor data in external files, which Capstan does not accept; save the model with its data inside the file.");
        }
        catch (OnnxRuntimeException exception)
        {
            return Error.InvalidInput($"The file is not a valid ONNX model: {Reason(exception, path)}");
        }
        using (session)
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
    }

    private static TensorSpec? ToTensorSpec(string name, NodeMetadata metadata) =>
        metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR && ToDataType(metadata.ElementDataType) is { } dataType
            ? new TensorSpec(name, dataType, metadata.Dimensions.Select(dimension => dimension < 0 ? -1L : dimension).ToArray())
            : null;

    private static TensorDataType? ToDataType(TensorElementType type) => type switch
    {
        TensorElementType.Bool => TensorDataType.Bool,
        TensorElementType.UInt8 => TensorDataType.UInt8,
        TensorElementType.UInt16 => TensorDataType.UInt16,
        TensorElementType.UInt32 => TensorDataType.UInt32,
        TensorElementType.UInt64 => TensorDataType.UInt64,
        TensorElementType.Int8 => TensorDataType.Int8,
        TensorElementType.Int16 => TensorDataType.Int16,
        TensorElementType.Int32 => TensorDataType.Int32,
        TensorElementType.Int64 => TensorDataType.Int64,
        TensorElementType.Float16 => TensorDataType.Fp16,
        TensorElementType.Float => TensorDataType.Fp32,
        TensorElementType.Double => TensorDataType.Fp64,
        TensorElementType.String => TensorDataType.Bytes,
        _ => null,
    };

    private static string Describe(NodeMetadata metadata) =>
        metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR
            ? $"a tensor of {metadata.ElementDataType}"
            : $"of ONNX type {metadata.OnnxValueType}";

    /// <summary>Keeps what ONNX Runtime says is wrong and drops the server-side path it puts in front of it.</summary>
    private static string Reason(OnnxRuntimeException exception, string path)
    {
        const string Marker = " failed:";
        var message = exception.Message;
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        var reason = at >= 0 ? message[(at + Marker.Length)..] : message;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
        return reason.Replace(path, "the model", StringComparison.Ordinal)
            .Replace(directory, "the model's directory", StringComparison.Ordinal)
            .Trim();
    }

    private static string CreateEmptyDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("capstan-no-external-data-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                // Something was written into it; leave it for the OS to clean rather than fail the exit.
            }
        };
        return directory;
    }
}
