using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Writes protobuf's wire format straight into a buffer writer, asking it for more space as the message grows.</summary>
/// <remarks>
/// The caller writes fields in order and gives each length-delimited field its length first, as computed with
/// <see cref="Google.Protobuf.CodedOutputStream"/>'s size helpers; nothing here checks that the lengths add up.
/// Strings are UTF-8 as Google.Protobuf writes them. Call <see cref="Flush"/> once at the end.
/// </remarks>
internal ref struct ProtoWriter
{
    /// <summary>The UTF-8 encoding Google.Protobuf writes strings with: an unpaired surrogate becomes U+FFFD.</summary>
    public static Encoding Utf8 => Encoding.UTF8;

    private const int MaxVarintBytes = 10;
    private const int StackStringBytes = 256;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _buffer;
    private int _written;

    /// <summary>Starts writing at the end of <paramref name="output"/>.</summary>
    public ProtoWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>Writes the tag of a length-delimited field (wire type 2), such as a string, bytes, a message or a packed repeated field.</summary>
    public void LengthDelimitedTag(int field) => Varint((uint)(field << 3 | 2));

    /// <summary>Writes the tag of a varint field (wire type 0).</summary>
    public void VarintTag(int field) => Varint((uint)(field << 3));

    /// <summary>Writes the tag of a 64-bit field (wire type 1).</summary>
    public void Fixed64Tag(int field) => Varint((uint)(field << 3 | 1));

    /// <summary>Writes an unsigned varint; an int32 or int64 is written as its two's complement in 64 bits, as protobuf does.</summary>
    public void Varint(ulong value)
    {
        var span = Reserve(MaxVarintBytes);
        var at = 0;
        while (value >= 0x80)
        {
            span[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[at++] = (byte)value;
        _written += at;
    }

    /// <summary>Writes 8 little-endian bytes.</summary>
    public void Fixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(sizeof(ulong)), value);
        _written += sizeof(ulong);
    }

    /// <summary>Writes <paramref name="bytes"/> as they are, across as many of the output's buffers as they need.</summary>
    public void Raw(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = Reserve(1);
            var count = Math.Min(span.Length, bytes.Length);
            bytes[..count].CopyTo(span);
            _written += count;
            bytes = bytes[count..];
        }
    }

    /// <summary>Writes the length and UTF-8 bytes of <paramref name="value"/>, whose UTF-8 length is <paramref name="byteCount"/>.</summary>
    public void String(string value, int byteCount)
    {
        Varint((uint)byteCount);
        if (byteCount <= StackStringBytes)
        {
            var span = Reserve(byteCount);
            _written += Utf8.GetBytes(value, span);
            return;
        }
        var pooled = ArrayPool<byte>.Shared.Rent(byteCount);
        var length = Utf8.GetBytes(value, pooled);
        Raw(pooled.AsSpan(0, length));
        ArrayPool<byte>.Shared.Return(pooled);
    }

    /// <summary>Hands what was written to the output.</summary>
    public void Flush()
    {
        if (_written > 0)
            _output.Advance(_written);
        _buffer = default;
        _written = 0;
    }

    /// <summary>The free part of the current buffer, at least <paramref name="size"/> bytes, taking a new buffer from the output when this one has less.</summary>
    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _written < size)
        {
            Flush();
            _buffer = _output.GetSpan(size);
        }
        return _buffer[_written..];
    }
}
