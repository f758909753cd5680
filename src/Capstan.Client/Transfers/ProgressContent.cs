using System.Buffers;
using System.Net;

namespace Capstan.Client.Transfers;

/// <summary>HTTP content that streams a <see cref="Stream"/> in chunks and reports the bytes sent so far.</summary>
/// <remarks>The content never buffers the stream and does not dispose it; the caller owns it.</remarks>
internal sealed class ProgressContent(Stream source, IProgress<long>? progress) : HttpContent
{
    /// <summary>The size of the chunks read from the source and reported.</summary>
    public const int ChunkSize = 81920;

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long sent = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                sent += read;
                progress?.Report(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = source.CanSeek ? source.Length - source.Position : 0;
        return source.CanSeek;
    }
}
