using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc.Protocol;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Reads a tensor's elements in the typed form, <c>InferTensorContents</c>: one repeated field per element type.</summary>
/// <remarks>
/// INT8, INT16 and INT32 share <c>int_contents</c> and UINT8, UINT16 and UINT32 share <c>uint_contents</c>, so a value
/// outside the narrow type's range is refused rather than wrapped. FP16 has no typed field. Reading copies the values in
/// bulk into a pooled array and from there into the tensor's buffer, which avoids the repeated field's per-value
/// indexer, several times slower.
/// </remarks>
internal static class TypedContents
{
    private static readonly InferTensorContents None = new();

    /// <summary>The name of the field that holds <paramref name="type"/>'s elements, or null for FP16, which has none.</summary>
    private static string? FieldFor(TensorDataType type) => type switch
    {
        TensorDataType.Bool => "bool_contents",
        TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 => "int_contents",
        TensorDataType.Int64 => "int64_contents",
        TensorDataType.UInt8 or TensorDataType.UInt16 or TensorDataType.UInt32 => "uint_contents",
        TensorDataType.UInt64 => "uint64_contents",
        TensorDataType.Fp32 => "fp32_contents",
        TensorDataType.Fp64 => "fp64_contents",
        TensorDataType.Bytes => "bytes_contents",
        _ => null,
    };

    /// <summary>Whether any field of <paramref name="contents"/> holds values.</summary>
    public static bool HasValues(InferTensorContents? contents) => contents is not null && FirstFieldWithValues(contents, except: null) is not null;

    /// <summary>Builds the tensor <paramref name="header"/> describes from <paramref name="contents"/> (null for none), refusing values in another type's field, a count that differs from the shape's, and values outside a narrow type's range.</summary>
    public static Result<Tensor> Read(TensorHeader header, InferTensorContents? contents)
    {
        contents ??= None;
        var field = FieldFor(header.DataType);
        if (field is null)
            return Error.InvalidInput($"{header} is FP16, which has no typed contents field; send it in raw_input_contents.");
        if (FirstFieldWithValues(contents, except: field) is { } other)
            return Error.InvalidInput($"{header} holds values in {other}; its elements belong in {field}.");
        return header.DataType switch
        {
            TensorDataType.Bool => ReadBools(header, contents.BoolContents),
            TensorDataType.Int8 => ReadIntegers<int, sbyte>(header, contents.IntContents, field),
            TensorDataType.Int16 => ReadIntegers<int, short>(header, contents.IntContents, field),
            TensorDataType.Int32 => ReadIntegers<int, int>(header, contents.IntContents, field),
            TensorDataType.Int64 => ReadIntegers<long, long>(header, contents.Int64Contents, field),
            TensorDataType.UInt8 => ReadIntegers<uint, byte>(header, contents.UintContents, field),
            TensorDataType.UInt16 => ReadIntegers<uint, ushort>(header, contents.UintContents, field),
            TensorDataType.UInt32 => ReadIntegers<uint, uint>(header, contents.UintContents, field),
            TensorDataType.UInt64 => ReadIntegers<ulong, ulong>(header, contents.Uint64Contents, field),
            TensorDataType.Fp32 => ReadNumbers(header, contents.Fp32Contents, field),
            TensorDataType.Fp64 => ReadNumbers(header, contents.Fp64Contents, field),
            _ => ReadBytes(header, contents.BytesContents),
        };
    }

    private static Result<Tensor> ReadBools(TensorHeader header, RepeatedField<bool> values)
    {
        if (CountMismatch(header, values.Count, "bool_contents") is { } mismatch)
            return mismatch;
        using var wire = new PooledCopy<bool>(values);
        var flags = wire.Span;
        var buffer = new byte[flags.Length];
        for (var i = 0; i < flags.Length; i++)
            buffer[i] = flags[i] ? (byte)1 : (byte)0;
        return Tensor.FromBuffer(header.Name, header.DataType, header.Shape, buffer);
    }

    private static Result<Tensor> ReadIntegers<TWire, TElement>(TensorHeader header, RepeatedField<TWire> values, string field)
        where TWire : IBinaryInteger<TWire>
        where TElement : unmanaged, IBinaryInteger<TElement>, IMinMaxValue<TElement>
    {
        if (CountMismatch(header, values.Count, field) is { } mismatch)
            return mismatch;
        var min = TWire.CreateSaturating(TElement.MinValue);
        var max = TWire.CreateSaturating(TElement.MaxValue);
        using var wire = new PooledCopy<TWire>(values);
        var wireValues = wire.Span;
        var buffer = new byte[wireValues.Length * Unsafe.SizeOf<TElement>()];
        var elements = MemoryMarshal.Cast<byte, TElement>(buffer.AsSpan());
        for (var i = 0; i < elements.Length; i++)
        {
            var value = wireValues[i];
            if (value < min || value > max)
                return Error.InvalidInput($"{header} has {value} at position {i} of {field}, outside the {header.DataType.ProtocolName()} range [{TElement.MinValue}, {TElement.MaxValue}].");
            elements[i] = TElement.CreateTruncating(value);
        }
        return Tensor.FromBuffer(header.Name, header.DataType, header.Shape, buffer);
    }

    private static Result<Tensor> ReadNumbers<T>(TensorHeader header, RepeatedField<T> values, string field) where T : unmanaged
    {
        if (CountMismatch(header, values.Count, field) is { } mismatch)
            return mismatch;
        using var wire = new PooledCopy<T>(values);
        return Tensor.From<T>(header.Name, header.DataType, header.Shape, wire.Span);
    }

    private static Result<Tensor> ReadBytes(TensorHeader header, RepeatedField<ByteString> values)
    {
        if (CountMismatch(header, values.Count, "bytes_contents") is { } mismatch)
            return mismatch;
        var elements = new ReadOnlyMemory<byte>[values.Count];
        for (var i = 0; i < elements.Length; i++)
            elements[i] = values[i].Memory;
        return Tensor.FromElements(header.Name, header.Shape, elements);
    }

    private static Error? CountMismatch(TensorHeader header, int count, string field) =>
        count == header.Count ? null : Error.InvalidInput($"{header} has {count} values in {field}.");

    private static string? FirstFieldWithValues(InferTensorContents contents, string? except)
    {
        ReadOnlySpan<(int Count, string Field)> fields =
        [
            (contents.BoolContents.Count, "bool_contents"), (contents.IntContents.Count, "int_contents"),
            (contents.Int64Contents.Count, "int64_contents"), (contents.UintContents.Count, "uint_contents"),
            (contents.Uint64Contents.Count, "uint64_contents"), (contents.Fp32Contents.Count, "fp32_contents"),
            (contents.Fp64Contents.Count, "fp64_contents"), (contents.BytesContents.Count, "bytes_contents"),
        ];
        foreach (var (count, field) in fields)
        {
            if (count > 0 && field != except)
                return field;
        }
        return null;
    }

    /// <summary>A repeated field's values copied in bulk into a pooled array, since its indexer costs several nanoseconds a value.</summary>
    private readonly struct PooledCopy<T> : IDisposable
    {
        private readonly T[] _array;
        private readonly int _length;

        public PooledCopy(RepeatedField<T> values)
        {
            _array = ArrayPool<T>.Shared.Rent(values.Count);
            _length = values.Count;
            values.CopyTo(_array, 0);
        }

        public Span<T> Span => _array.AsSpan(0, _length);

        public void Dispose() => ArrayPool<T>.Shared.Return(_array);
    }
}
