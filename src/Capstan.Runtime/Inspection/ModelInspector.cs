using Capstan.Core.Errors;
using Capstan.Core.Signatures;

namespace Capstan.Runtime.Inspection;

/// <summary>Detects whether a file is an ONNX model or an ML.NET zip from its content and reads its signature.</summary>
/// <remarks>
/// A file that starts with a zip local file header (<c>PK\x03\x04</c>) is an ML.NET zip candidate: it must pass the
/// <see cref="InspectionOptions"/> limits before ML.NET opens it. Any other non-empty file is tried as ONNX. The file
/// name and extension are never consulted. Everything the file's content can get wrong is an
/// <see cref="ErrorCode.InvalidInput"/> result whose message says why; a missing or unreadable file is an exception.
/// The inspector keeps no state between calls and is safe to call concurrently; each call runs on the thread pool.
/// </remarks>
public sealed class ModelInspector : IModelInspector
{
    private readonly ZipLimits _limits;

    /// <summary>Creates an inspector that enforces the limits in <paramref name="options"/>, which it validates and copies.</summary>
    public ModelInspector(InspectionOptions options) => _limits = ZipLimits.From(options);

    /// <inheritdoc />
    public Task<Result<ModelInspection>> InspectAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(() => Inspect(path, cancellationToken), cancellationToken);
    }

    private Result<ModelInspection> Inspect(string path, CancellationToken cancellationToken)
    {
        if (!DetectFormat(path).TryGetValue(out var format, out var error))
            return error;
        var signature = format == ModelFormat.MlNet
            ? MlNetSignatureReader.Read(path, _limits, cancellationToken)
            : OnnxSignatureReader.Read(path);
        return signature.Map(value => new ModelInspection(format, value));
    }

    private static Result<ModelFormat> DetectFormat(string path)
    {
        var zipLocalFileHeader = "PK\u0003\u0004"u8;
        Span<byte> head = stackalloc byte[zipLocalFileHeader.Length];
        int read;
        using (var stream = File.OpenRead(path))
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == 0)
            return Error.InvalidInput("The file is not a valid ONNX model: it is empty.");
        return head[..read].SequenceEqual(zipLocalFileHeader) ? ModelFormat.MlNet : ModelFormat.Onnx;
    }
}
