using System.Buffers.Binary;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.Profiles;

/// <summary>Converts between tensors and the numbers and labels profiles hold: reference rows into input tensors, outputs back into values.</summary>
internal static class TensorNumbers
{
    /// <summary>A tensor of <paramref name="spec"/>'s type of <paramref name="rows"/> rows of <paramref name="width"/> values, each from <paramref name="number"/> (numeric types) or <paramref name="label"/> (BYTES).</summary>
    public static Tensor Build(TensorSpec spec, int rows, int width, Func<int, int, double> number, Func<int, int, string?> label)
    {
        long[] shape = spec.Shape.Count == 1 ? [rows] : [rows, width];
        if (spec.DataType == TensorDataType.Bytes)
        {
            var elements = new ReadOnlyMemory<byte>[rows * width];
            for (var r = 0; r < rows; r++)
                for (var j = 0; j < width; j++)
                    elements[r * width + j] = Encoding.UTF8.GetBytes(label(r, j) ?? "");
            return Tensor.FromElements(spec.Name, shape, elements);
        }
        var size = spec.DataType.ElementSize();
        var data = new byte[rows * width * size];
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < width; j++)
                Write(data.AsSpan((r * width + j) * size, size), spec.DataType, number(r, j));
        return Tensor.FromBuffer(spec.Name, spec.DataType, shape, data);
    }

    /// <summary>Element <paramref name="index"/> of a numeric tensor as a number; infinities become NaN (missing), which a profile cannot hold.</summary>
    public static double Number(Tensor tensor, long index)
    {
        var data = tensor.Data.Span;
        var i = (int)index;
        double value = tensor.DataType switch
        {
            TensorDataType.Bool => data[i] != 0 ? 1 : 0,
            TensorDataType.UInt8 => data[i],
            TensorDataType.Int8 => (sbyte)data[i],
            TensorDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]),
            TensorDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]),
            TensorDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]),
            TensorDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]),
            TensorDataType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]),
            TensorDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
            TensorDataType.Fp16 => (double)BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]),
            TensorDataType.Fp32 => BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]),
            TensorDataType.Fp64 => BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]),
            _ => double.NaN,
        };
        return double.IsFinite(value) ? value : double.NaN;
    }

    /// <summary>Element <paramref name="index"/> of a BYTES tensor as UTF-8 text.</summary>
    public static string Label(Tensor tensor, long index) => Encoding.UTF8.GetString(tensor.Elements![(int)index].Span);

    private static void Write(Span<byte> destination, TensorDataType type, double value)
    {
        switch (type)
        {
            case TensorDataType.Bool:
                destination[0] = value != 0 ? (byte)1 : (byte)0;
                break;
            case TensorDataType.UInt8:
                destination[0] = (byte)value;
                break;
            case TensorDataType.Int8:
                destination[0] = (byte)(sbyte)value;
                break;
            case TensorDataType.UInt16:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)value);
                break;
            case TensorDataType.Int16:
                BinaryPrimitives.WriteInt16LittleEndian(destination, (short)value);
                break;
            case TensorDataType.UInt32:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)value);
                break;
            case TensorDataType.Int32:
                BinaryPrimitives.WriteInt32LittleEndian(destination, (int)value);
                break;
            case TensorDataType.UInt64:
                BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)value);
                break;
            case TensorDataType.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(destination, (long)value);
                break;
            case TensorDataType.Fp16:
                BinaryPrimitives.WriteHalfLittleEndian(destination, (Half)value);
                break;
            case TensorDataType.Fp32:
                BinaryPrimitives.WriteSingleLittleEndian(destination, (float)value);
                break;
            case TensorDataType.Fp64:
                BinaryPrimitives.WriteDoubleLittleEndian(destination, value);
                break;
        }
    }
}
