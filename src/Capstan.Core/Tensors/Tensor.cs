using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Capstan.Core.Signatures;

namespace Capstan.Core.Tensors;

/// <summary>A named tensor on the data plane: an element type, a shape, and its elements.</summary>
/// <remarks>
/// Fixed-size elements live in one little-endian, row-major byte buffer (<see cref="Data"/>), the layout of the
/// Open Inference Protocol's binary form and of ONNX Runtime's memory, so that front ends decode straight into it and
/// runtimes read it without copying. <see cref="TensorDataType.Bytes"/> elements are kept one buffer each
/// (<see cref="Elements"/>). BOOL elements are one byte, 0 or 1. The shape's product is the element count; a tensor
/// does not change once built and is safe to read from many threads.
/// </remarks>
public sealed class Tensor
{
    private Tensor(string name, TensorDataType dataType, long[] shape, long elementCount, ReadOnlyMemory<byte> data, IReadOnlyList<ReadOnlyMemory<byte>>? elements)
    {
        Name = name;
        ElementCount = elementCount;
        DataType = dataType;
        Shape = shape;
        Data = data;
        Elements = elements;
    }

    /// <summary>The input or output name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>The dimensions; their product is <see cref="ElementCount"/>.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The elements of a fixed-size type, little-endian and row-major; empty for BYTES.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The elements of a BYTES tensor, one buffer each; null for other types.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Elements { get; }

    /// <summary>How many elements the tensor holds.</summary>
    public long ElementCount { get; }

    /// <summary>Wraps a buffer of fixed-size elements; the caller hands over the buffer and must not change it afterwards.</summary>
    /// <exception cref="ArgumentException">The type is BYTES, a dimension is negative, or the buffer's length does not match the shape.</exception>
    public static Tensor FromBuffer(string name, TensorDataType dataType, long[] shape, ReadOnlyMemory<byte> data)
    {
        if (dataType == TensorDataType.Bytes)
            throw new ArgumentException("BYTES tensors hold one buffer per element; use FromElements.", nameof(dataType));
        var count = CountOf(shape);
        var size = dataType.ElementSize();
        if (data.Length % size != 0 || data.Length / size != count)
            throw new ArgumentException($"{count} {dataType.ProtocolName()} elements need {(decimal)count * size} bytes, not {data.Length}.", nameof(data));
        return new Tensor(name, dataType, shape, count, data, null);
    }

    /// <summary>Wraps the elements of a BYTES tensor, one buffer each.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the element count does not match the shape.</exception>
    public static Tensor FromElements(string name, long[] shape, IReadOnlyList<ReadOnlyMemory<byte>> elements)
    {
        var count = CountOf(shape);
        if (elements.Count != count)
            throw new ArgumentException($"The shape [{string.Join(",", shape)}] needs {count} elements, not {elements.Count}.", nameof(elements));
        return new Tensor(name, TensorDataType.Bytes, shape, count, ReadOnlyMemory<byte>.Empty, elements);
    }

    /// <summary>Copies typed values into a new tensor, such as <c>Tensor.From("x", TensorDataType.Fp32, [2, 2], floats)</c>.</summary>
    /// <exception cref="ArgumentException">The element type's size differs from <typeparamref name="T"/>'s, or the count does not match the shape.</exception>
    public static Tensor From<T>(string name, TensorDataType dataType, long[] shape, ReadOnlySpan<T> values) where T : unmanaged
    {
        if (dataType.ElementSize() != Unsafe.SizeOf<T>())
            throw new ArgumentException($"{typeof(T).Name} does not hold {dataType.ProtocolName()} elements.", nameof(values));
        return FromBuffer(name, dataType, shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>Views the fixed-size elements as <typeparamref name="T"/>, which must match the element size.</summary>
    public ReadOnlySpan<T> Span<T>() where T : unmanaged =>
        DataType.ElementSize() == Unsafe.SizeOf<T>()
            ? MemoryMarshal.Cast<byte, T>(Data.Span)
            : throw new InvalidOperationException($"A {DataType.ProtocolName()} tensor cannot be read as {typeof(T).Name}.");

    /// <inheritdoc />
    public override string ToString() => $"{Name} {DataType.ProtocolName()} [{string.Join(",", Shape)}]";

    private static long CountOf(long[] shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = checked(count * dimension);
        }
        return count;
    }
}
