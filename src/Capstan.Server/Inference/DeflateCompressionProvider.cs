using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Capstan.Server.Inference;

/// <summary>Compresses answers as HTTP's <c>deflate</c>, which is zlib data (RFC 9110), at the fastest level; ASP.NET Core has gzip and Brotli providers only.</summary>
internal sealed class DeflateCompressionProvider : ICompressionProvider
{
    /// <inheritdoc />
    public string EncodingName => "deflate";

    /// <inheritdoc />
    public bool SupportsFlush => true;

    /// <inheritdoc />
    public Stream CreateStream(Stream outputStream) => new ZLibStream(outputStream, CompressionLevel.Fastest, leaveOpen: true);
}
