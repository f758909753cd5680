using Capstan.Core.Errors;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>Opens ONNX Runtime sessions on model files so that nothing but the file itself is read.</summary>
/// <remarks>
/// The model format is forced to ONNX, since ONNX Runtime would otherwise choose its own ORT format for a path ending
/// in ".ort". ONNX Runtime would read any file that a model names as external data, beside the model or (with '..')
/// outside its folder, so external data is looked up in an empty directory of this process instead: a model that
/// keeps tensors in external files fails to open, which suits Capstan, whose artifacts are one file each. Both the
/// inspector and the ONNX runtime open models here, so what the registry accepts is what the server loads.
/// </remarks>
internal static class OnnxSessions
{
    private const string ExternalDataMarker = "External data";

    private static readonly Lazy<string> EmptyExternalDataDirectory = new(CreateEmptyDirectory);

    /// <summary>Opens a session on the model at <paramref name="path"/> with <paramref name="options"/>, to which it adds the settings above.</summary>
    /// <returns>The session, or an <see cref="Capstan.Core.Errors.ErrorCode.InvalidInput"/> error that says why the file is not a model Capstan accepts.</returns>
    public static Result<InferenceSession> Open(string path, SessionOptions options) =>
        Open(options, () => new InferenceSession(path, options), path);

    /// <summary>Opens a session on <paramref name="model"/>, the bytes of a model read from <paramref name="path"/> and rewritten, as <see cref="Open(string, SessionOptions)"/> opens the file.</summary>
    public static Result<InferenceSession> Open(byte[] model, string path, SessionOptions options) =>
        Open(options, () => new InferenceSession(model, options), path);

    private static Result<InferenceSession> Open(SessionOptions options, Func<InferenceSession> open, string path)
    {
        options.AddSessionConfigEntry("session.load_model_format", "ONNX");
        options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", EmptyExternalDataDirectory.Value);
        try
        {
            return open();
        }
        catch (OnnxRuntimeException exception) when (exception.Message.Contains(ExternalDataMarker, StringComparison.Ordinal))
        {
            return Error.InvalidInput("The file is not a valid ONNX model: it keeps tensor data in external files, which Capstan does not accept; save the model with its data inside the file.");
        }
        catch (OnnxRuntimeException exception)
        {
            return Error.InvalidInput($"The file is not a valid ONNX model: {Reason(exception, path)}");
        }
    }

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
