using System.Buffers.Binary;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Encodes tensors as the inference log stores them: names, types and shapes with the raw little-endian element bytes, redacted fields without data.</summary>
/// <remarks>
/// Layout, all integers little-endian: <c>int32 count</c>, then per tensor <c>int32 nameLength, name (UTF-8), uint8 datatype
/// (<see cref="TensorDataType"/> value), uint8 flags (1 = redacted), int32 rank, int64 dimensions[rank]</c> and, unless
/// redacted, for BYTES <c>int32 elements</c> then <c>int32 length, bytes</c> per element, otherwise <c>int32 length, bytes</c>.
/// <see cref="TensorJson"/> turns it back into the JSON the API returns. Thread-safe.
/// </remarks>
internal sealed class TensorBinary(IReadOnlyCollection<string> redacted)
{
    /// <summary>The flag of a tensor whose data was redacted.</summary>
    public const byte Redacted = 1;

    private readonly HashSet<string> _redacted = new(redacted, StringComparer.Ordinal);

    /// <summary>How many bytes <see cref="Write(Span{byte}, IReadOnlyList{Tensor})"/> takes for <paramref name="tensors"/>.</summary>
    public int SizeOf(IReadOnlyList<Tensor> tensors)
    {
        var size = 4;
        for (var t = 0; t < tensors.Count; t++)
            size += SizeOf(tensors[t]);
        return size;
    }

    /// <summary>Encodes <paramref name="tensors"/> into the start of <paramref name="destination"/>, which holds at least <see cref="SizeOf(IReadOnlyList{Tensor})"/> bytes.</summary>
    public void Write(Span<byte> destination, IReadOnlyList<Tensor> tensors)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, tensors.Count);
        destination = destination[4..];
        for (var t = 0; t < tensors.Count; t++)
            destination = Write(destination, tensors[t]);
    }

    /// <summary>The rows of the first tensor in <paramref name="encoded"/>: its first dimension, 1 for a scalar, 0 when there is no tensor.</summary>
    public static int RowsOf(ReadOnlySpan<byte> encoded)
    {
        if (BinaryPrimitives.ReadInt32LittleEndian(encoded) == 0)
            return 0;
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(encoded[4..]);
        var header = encoded[(8 + nameLength)..];
        return BinaryPrimitives.ReadInt32LittleEndian(header[2..]) == 0
            ? 1
            : (int)Math.Clamp(BinaryPrimitives.ReadInt64LittleEndian(header[6..]), 0, int.MaxValue);
    }

    private int SizeOf(Tensor tensor)
    {
        var size = 4 + Encoding.UTF8.GetByteCount(tensor.Name) + 2 + 4 + 8 * tensor.Shape.Count;
        if (_redacted.Contains(tensor.Name))
            return size;
        if (tensor.DataType != TensorDataType.Bytes)
            return size + 4 + tensor.Data.Length;
        var elements = tensor.Elements!;
        size += 4;
        for (var e = 0; e < elements.Count; e++)
            size += 4 + elements[e].Length;
        return size;
    }

    private Span<byte> Write(Span<byte> span, Tensor tensor)
    {
        var nameLength = Encoding.UTF8.GetBytes(tensor.Name, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, nameLength);
        span = span[(4 + nameLength)..];
        var redacted = _redacted.Contains(tensor.Name);
        span[0] = (byte)tensor.DataType;
        span[1] = redacted ? Redacted : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], tensor.Shape.Count);
        span = span[6..];
        for (var d = 0; d < tensor.Shape.Count; d++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, tensor.Shape[d]);
            span = span[8..];
        }
        if (redacted)
            return span;
        if (tensor.DataType != TensorDataType.Bytes)
            return WriteBlock(span, tensor.Data.Span);
        var elements = tensor.Elements!;
        BinaryPrimitives.WriteInt32LittleEndian(span, elements.Count);
        span = span[4..];
        for (var e = 0; e < elements.Count; e++)
            span = WriteBlock(span, elements[e].Span);
        return span;
    }

    private static Span<byte> WriteBlock(Span<byte> span, ReadOnlySpan<byte> block)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, block.Length);
        block.CopyTo(span[4..]);
        return span[(4 + block.Length)..];
    }
}
