using System.Buffers;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Splits bytes into a sequence of many buffers, as a message larger than one of Kestrel's blocks arrives.</summary>
internal static class Segments
{
    /// <summary><paramref name="bytes"/> as a sequence of buffers of <paramref name="size"/> bytes (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Of(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var segment = new Segment(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)), last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null)
                first = segment;
            else
                last.Next = segment;
            last = segment;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            set => base.Next = value;
        }
    }
}
