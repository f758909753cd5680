using System.Buffers;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Grpc.Core;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Writes an <see cref="InferReply"/> through ModelInfer's real marshaller into memory, handing the writer small buffers so that it must cross their boundaries.</summary>
internal static class InferReplies
{
    /// <summary>The message bytes the server would send for <paramref name="reply"/>, written <paramref name="chunk"/> bytes of buffer at a time.</summary>
    public static byte[] Bytes(InferReply reply, int chunk = 7)
    {
        var context = new MemorySerializationContext(chunk);
        InferResponseEncoder.Marshaller.ContextualSerializer(reply, context);
        return context.Payload();
    }

    /// <summary>The message a client reads for <paramref name="reply"/>, parsed by the generated parser.</summary>
    public static ModelInferResponse Message(InferReply reply) => ModelInferResponse.Parser.ParseFrom(Bytes(reply));

    /// <summary>A serialization context that keeps the message in memory and checks that it is as long as announced.</summary>
    private sealed class MemorySerializationContext(int chunk) : SerializationContext, IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _buffer = [];
        private int? _announced;
        private bool _completed;

        public byte[] Payload()
        {
            Assert.True(_completed, "The serializer did not complete the message.");
            Assert.Equal(_announced, _written.Count);
            return [.. _written];
        }

        public override void SetPayloadLength(int payloadLength) => _announced = payloadLength;

        public override IBufferWriter<byte> GetBufferWriter() => this;

        public override void Complete() => _completed = true;

        public override void Complete(byte[] payload)
        {
            _written.AddRange(payload);
            _announced = payload.Length;
            _completed = true;
        }

        public void Advance(int count) => _written.AddRange(_buffer.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer = new byte[Math.Max(sizeHint, chunk)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
