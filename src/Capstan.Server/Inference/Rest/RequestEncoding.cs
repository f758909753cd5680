using System.IO.Compression;
using System.IO.Pipelines;
using Capstan.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Inference.Rest;

/// <summary>Reads an inference request body in the <c>Content-Encoding</c> it was sent with: none, <c>gzip</c>, <c>deflate</c> or <c>br</c>, as Triton's HTTP front end takes them.</summary>
/// <remarks>
/// <c>deflate</c> is the zlib format (RFC 9110), which Triton's and KServe's clients send. The limits of
/// <see cref="Capstan.Serving.Validation.ServingLimits"/> apply to the decompressed body, so a small body that expands
/// past <c>MaxRequestBytes</c> is refused as too large when it gets there, never held whole. Corrupt compressed data
/// surfaces from reading as <see cref="InvalidDataException"/>, which <see cref="Corrupt"/> turns into an error.
/// </remarks>
internal static class RequestEncoding
{
    /// <summary>The body of <paramref name="request"/>, which has a <c>Content-Encoding</c>, decompressed as it says, or the error for an encoding Capstan does not read.</summary>
    /// <remarks>A decompressing reader must be completed after use, which disposes its stream; the request's own one is completed by the server.</remarks>
    public static Result<PipeReader> BodyOf(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding == "identity")
            return request.BodyReader;
        Stream? decompressed = encoding switch
        {
            "gzip" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => null,
        };
        return decompressed is null
            ? Error.InvalidInput($"The request's Content-Encoding is '{encoding}', which Capstan does not read; send the body as is, or as gzip, deflate (zlib) or br.")
            : PipeReader.Create(decompressed);
    }

    /// <summary>The error for a body whose compressed data is corrupt.</summary>
    public static Error Corrupt(HttpRequest request, InvalidDataException exception) =>
        Error.InvalidInput($"The request body is not valid {request.Headers.ContentEncoding} data: {exception.Message}");
}
