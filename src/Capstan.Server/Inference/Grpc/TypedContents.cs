using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Reads a tensor's elements in the typed form, <c>InferTensorContents</c>: one repeated field per element type.</summary>
/// <remarks>
/// INT8, INT16 and INT32 share <c>int_contents</c> and UINT8, UINT16 and UINT32 share <c>uint_contents</c>, so a value
/// outside the narrow type's range is refused rather than wrapped. FP16 has no typed field. The values are read from the
/// input's message, which <see cref="InferRequestLayout"/> has checked and counted, straight into the tensor's buffer:
/// packed FP32 and FP64 values are copied as they are, since the wire holds them little-endian as the tensor does, and
/// varints are decoded as Google.Protobuf decodes them (an int32 or uint32 keeps the low 32 bits, a bool is any value but 0).
/// </remarks>
internal static class TypedContents
{
    private static readonly string[] Fields =
        ["bool_contents", "int_contents", "int64_contents", "uint_contents", "uint64_contents", "fp32_contents", "fp64_contents", "bytes_contents"];

    /// <summary>The contents field that holds <paramref name="type"/>'s elements, 0 (bool_contents) to 7 (bytes_contents) in field order, or -1 for FP16, which has none.</summary>
    public static int FieldFor(TensorDataType type) => type switch
    {
        TensorDataType.Bool => 0,
        TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 => 1,
        TensorDataType.Int64 => 2,
        TensorDataType.UInt8 or TensorDataType.UInt16 or TensorDataType.UInt32 => 3,
        TensorDataType.UInt64 => 4,
        TensorDataType.Fp32 => 5,
        TensorDataType.Fp64 => 6,
        TensorDataType.Bytes => InferRequestLayout.BytesField,
        _ => -1,
    };

    /// <summary>Whether any contents field of <paramref name="input"/> holds values.</summary>
    public static bool HasValues(in InputLayout input) => FirstFieldWithValues(input, except: -1) is not null;

    /// <summary>Builds the tensor <paramref name="header"/> describes from <paramref name="input"/>'s contents in <paramref name="message"/>, refusing values in another type's field, a count that differs from the shape's, and values outside a narrow type's range.</summary>
    public static Result<Tensor> Read(TensorHeader header, ReadOnlySpan<byte> message, in InputLayout input)
    {
        var field = FieldFor(header.DataType);
        if (field < 0)
            return Error.InvalidInput($"{header} is FP16, which has no typed contents field; send it in raw_input_contents.");
        if (FirstFieldWithValues(input, except: field) is { } other)
            return Error.InvalidInput($"{header} holds values in {other}; its elements belong in {Fields[field]}.");
        var count = input.Counts[field];
        if (count != header.Count)
            return Error.InvalidInput($"{header} has {count} values in {Fields[field]}.");
        var values = new FieldValues(message, input, field);
        return header.DataType switch
        {
            TensorDataType.Bool => ReadBools(header, ref values, count),
            TensorDataType.Int8 => ReadIntegers<int, sbyte>(header, ref values, count),
            TensorDataType.Int16 => ReadIntegers<int, short>(header, ref values, count),
            TensorDataType.Int32 => ReadIntegers<int, int>(header, ref values, count),
            TensorDataType.Int64 => ReadIntegers<long, long>(header, ref values, count),
            TensorDataType.UInt8 => ReadIntegers<uint, byte>(header, ref values, count),
            TensorDataType.UInt16 => ReadIntegers<uint, ushort>(header, ref values, count),
            TensorDataType.UInt32 => ReadIntegers<uint, uint>(header, ref values, count),
            TensorDataType.UInt64 => ReadIntegers<ulong, ulong>(header, ref values, count),
            TensorDataType.Fp32 or TensorDataType.Fp64 => ReadFixed(header, ref values, count),
            _ => ReadBytes(header, ref values, count),
        };
    }

    private static Result<Tensor> ReadBools(TensorHeader header, ref FieldValues values, int count)
    {
        var buffer = new byte[count];
        for (var i = 0; i < buffer.Length; i++)
            buffer[i] = values.NextVarint() == 0 ? (byte)0 : (byte)1;
        return Tensor.FromBuffer(header.Name, header.DataType, header.Shape, buffer);
    }

    private static Result<Tensor> ReadIntegers<TWire, TElement>(TensorHeader header, ref FieldValues values, int count)
        where TWire : IBinaryInteger<TWire>
        where TElement : unmanaged, IBinaryInteger<TElement>, IMinMaxValue<TElement>
    {
        var min = TWire.CreateSaturating(TElement.MinValue);
        var max = TWire.CreateSaturating(TElement.MaxValue);
        var buffer = new byte[count * Unsafe.SizeOf<TElement>()];
        var elements = MemoryMarshal.Cast<byte, TElement>(buffer.AsSpan());
        for (var i = 0; i < elements.Length; i++)
        {
            var value = TWire.CreateTruncating(values.NextVarint());
            if (value < min || value > max)
                return Error.InvalidInput($"{header} has {value} at position {i} of {Fields[FieldFor(header.DataType)]}, outside the {header.DataType.ProtocolName()} range [{TElement.MinValue}, {TElement.MaxValue}].");
            elements[i] = TElement.CreateTruncating(value);
        }
        return Tensor.FromBuffer(header.Name, header.DataType, header.Shape, buffer);
    }

    /// <summary>Copies FP32 or FP64 values: packed runs byte for byte, unpacked values from their bits.</summary>
    private static Result<Tensor> ReadFixed(TensorHeader header, ref FieldValues values, int count)
    {
        var size = header.DataType.ElementSize();
        var buffer = new byte[count * size];
        for (var at = 0; at < buffer.Length;)
        {
            values.Next(out var run, out var bits);
            if (!run.IsEmpty)
            {
                run.CopyTo(buffer.AsSpan(at));
                at += run.Length;
            }
            else if (size == sizeof(float))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at), (uint)bits);
                at += size;
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(at), bits);
                at += size;
            }
        }
        return Tensor.FromBuffer(header.Name, header.DataType, header.Shape, buffer);
    }

    private static Result<Tensor> ReadBytes(TensorHeader header, ref FieldValues values, int count)
    {
        var elements = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < elements.Length; i++)
        {
            values.Next(out var element, out _);
            elements[i] = element.ToArray();
        }
        return Tensor.FromElements(header.Name, header.Shape, elements);
    }

    private static string? FirstFieldWithValues(in InputLayout input, int except)
    {
        for (var field = 0; field < InferRequestLayout.ContentsFields; field++)
        {
            if (input.Counts[field] > 0 && field != except)
                return Fields[field];
        }
        return null;
    }

    /// <summary>The values of one contents field of an input, in order, across all its <c>contents</c> messages.</summary>
    /// <remarks>The input's message has been checked, so nothing here fails; an empty packed run yields nothing.</remarks>
    private ref struct FieldValues
    {
        private const uint ContentsTag = 5 << 3 | ProtoReader.LengthDelimited;

        private ProtoReader _reader;
        private readonly int _field;
        private int _contentsEnd = -1;
        private ReadOnlySpan<byte> _run;

        public FieldValues(ReadOnlySpan<byte> message, in InputLayout input, int field)
        {
            _reader = new ProtoReader(message, input.Body);
            _field = field;
        }

        /// <summary>The next varint, from within a packed run or on its own.</summary>
        public ulong NextVarint()
        {
            if (_run.IsEmpty)
            {
                Next(out _run, out var single);
                if (_run.IsEmpty)
                    return single;
            }
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = _run[0];
                _run = _run[1..];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }
        }

        /// <summary>Moves to the next non-empty packed run (or BYTES element, in <paramref name="run"/>) or unpacked value (in <paramref name="value"/>).</summary>
        public void Next(out ReadOnlySpan<byte> run, out ulong value)
        {
            while (true)
            {
                if (_contentsEnd < 0)
                {
                    if (!_reader.TryReadTag(out var tag))
                        throw new InvalidOperationException("The input holds fewer values than its layout counted.");
                    if (tag == ContentsTag)
                        _contentsEnd = _reader.EnterMessage();
                    else
                        _reader.SkipUnknown(tag);
                    continue;
                }
                if (!_reader.TryReadTag(out var inner))
                {
                    _reader.LeaveMessage(_contentsEnd);
                    _contentsEnd = -1;
                    continue;
                }
                if (InferRequestLayout.ContentsFieldOf(inner) != _field)
                {
                    _reader.SkipUnknown(inner);
                    continue;
                }
                var wireType = (int)(inner & 7);
                value = 0;
                if (_field == InferRequestLayout.BytesField)
                    run = _reader.Slice(_reader.ReadLengthDelimited());
                else if (wireType == ProtoReader.LengthDelimited)
                    run = _reader.Slice(_reader.ReadPacked());
                else
                {
                    run = default;
                    value = InferRequestLayout.ReadValue(ref _reader, wireType);
                }
                if (_field == InferRequestLayout.BytesField || !run.IsEmpty || wireType != ProtoReader.LengthDelimited)
                    return;
            }
        }
    }
}
