using System.Buffers;
using System.IO.Pipelines;
using Capstan.Core.Errors;

namespace Capstan.Server.Inference.Rest;

/// <summary>Reads a whole request body into memory within a size limit, then decodes it, so decoders see one complete JSON text.</summary>
/// <remarks>
/// A body that arrived in several buffers is copied into one before decoding: <see cref="System.Text.Json.Utf8JsonReader"/>'s
/// multi-segment paths cost a 32-row request about a tenth of the server's CPU, far more than the copy. Copies up to
/// <see cref="MaxPooledBytes"/> come from the shared array pool; larger ones are left to the collector, so the pool never
/// keeps a large body's worth of memory.
/// </remarks>
internal static class JsonBody
{
    /// <summary>The largest copy of a body taken from the shared array pool.</summary>
    public const int MaxPooledBytes = 1 << 20;

    /// <summary>Reads <paramref name="body"/> to its end and decodes it, or stops with TooLarge once it passes <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<Result<T>> ReadAsync<TState, T>(
        PipeReader body, long maxBytes, TState state, Func<ReadOnlySequence<byte>, TState, Result<T>> decode, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                return RestErrors.BodyTooLarge(maxBytes);
            }
            if (read.IsCanceled)
                throw new OperationCanceledException("Reading the request body was cancelled.");
            if (read.IsCompleted)
            {
                try
                {
                    return DecodeContiguous(buffer, state, decode);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static Result<T> DecodeContiguous<TState, T>(ReadOnlySequence<byte> buffer, TState state, Func<ReadOnlySequence<byte>, TState, Result<T>> decode)
    {
        if (buffer.IsSingleSegment)
            return decode(buffer, state);
        var length = checked((int)buffer.Length);
        var pooled = length <= MaxPooledBytes;
        var copy = pooled ? ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);
        try
        {
            buffer.CopyTo(copy);
            return decode(new ReadOnlySequence<byte>(copy, 0, length), state);
        }
        finally
        {
            if (pooled)
                ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>The body without a leading UTF-8 byte order mark, which JSON readers refuse.</summary>
    public static ReadOnlySequence<byte> WithoutByteOrderMark(ReadOnlySequence<byte> body)
    {
        if (body.Length < 3)
            return body;
        Span<byte> head = stackalloc byte[3];
        body.Slice(0, 3).CopyTo(head);
        return head.SequenceEqual("\uFEFF"u8) ? body.Slice(3) : body;
    }
}
