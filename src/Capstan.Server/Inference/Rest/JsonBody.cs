using System.Buffers;
using System.IO.Pipelines;
using Capstan.Core.Errors;

namespace Capstan.Server.Inference.Rest;

/// <summary>Reads a whole request body into memory within a size limit, then decodes it, so decoders see one complete JSON text.</summary>
internal static class JsonBody
{
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
                    return decode(buffer, state);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }
            body.AdvanceTo(buffer.Start, buffer.End);
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
