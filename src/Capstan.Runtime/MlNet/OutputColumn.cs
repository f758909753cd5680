using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>One requested output column, read row by row through a row getter into the buffer of a new tensor.</summary>
/// <remarks>
/// A scalar column becomes a tensor of shape [N], a vector column one of shape [N, K]; a vector column of unknown size
/// takes K from its first row, and a later row of another length is an error, since a tensor cannot hold it. Boolean
/// values become BOOL bytes, Key values their unsigned raw type, text the UTF-8 bytes of each value. One instance
/// serves one request.
/// </remarks>
internal abstract class OutputColumn
{
    /// <summary>Starts reading <paramref name="column"/> of <paramref name="row"/>, whose signature type is <paramref name="dataType"/>, for <paramref name="rows"/> rows.</summary>
    public static OutputColumn For(DataViewRow row, DataViewSchema.Column column, TensorDataType dataType, int rows) => dataType switch
    {
        TensorDataType.Bool => new Fixed<bool>(row, column, dataType, rows),
        TensorDataType.UInt8 => new Fixed<byte>(row, column, dataType, rows),
        TensorDataType.UInt16 => new Fixed<ushort>(row, column, dataType, rows),
        TensorDataType.UInt32 => new Fixed<uint>(row, column, dataType, rows),
        TensorDataType.UInt64 => new Fixed<ulong>(row, column, dataType, rows),
        TensorDataType.Int8 => new Fixed<sbyte>(row, column, dataType, rows),
        TensorDataType.Int16 => new Fixed<short>(row, column, dataType, rows),
        TensorDataType.Int32 => new Fixed<int>(row, column, dataType, rows),
        TensorDataType.Int64 => new Fixed<long>(row, column, dataType, rows),
        TensorDataType.Fp32 => new Fixed<float>(row, column, dataType, rows),
        TensorDataType.Fp64 => new Fixed<double>(row, column, dataType, rows),
        TensorDataType.Bytes => new Text(row, column, rows),
        _ => throw new ArgumentException($"ML.NET has no column type for {dataType.ProtocolName()} elements.", nameof(dataType)),
    };

    /// <summary>Reads the current batch row, the <paramref name="index"/>-th, from the mapped row.</summary>
    public abstract void ReadRow(int index);

    /// <summary>Hands the values read over to a new tensor.</summary>
    public abstract Tensor ToTensor();

    private abstract class Typed<T> : OutputColumn
    {
        private readonly ValueGetter<T>? _scalar;
        private readonly ValueGetter<VBuffer<T>>? _vector;
        private T _value = default!;
        private VBuffer<T> _buffer;

        protected Typed(DataViewRow row, DataViewSchema.Column column, int rows)
        {
            Name = column.Name;
            Rows = rows;
            if (column.Type is VectorDataViewType vector)
            {
                _vector = row.GetGetter<VBuffer<T>>(column);
                Width = vector.IsKnownSize ? vector.Size : -1;
            }
            else
            {
                _scalar = row.GetGetter<T>(column);
            }
        }

        protected string Name { get; }

        protected int Rows { get; }

        /// <summary>The elements per row of a vector column (-1 until the first row tells), or 0 for a scalar column.</summary>
        protected int Width { get; private set; }

        protected long[] Shape => _scalar is not null ? [Rows] : [Rows, Math.Max(Width, 0)];

        public sealed override void ReadRow(int index)
        {
            if (_scalar is not null)
            {
                _scalar(ref _value);
                Values(Rows)[index] = _value;
                return;
            }
            _vector!(ref _buffer);
            if (Width < 0)
                Width = _buffer.Length;
            else if (_buffer.Length != Width)
                throw new InvalidOperationException($"The output '{Name}' has rows of {Width} and {_buffer.Length} elements, which one tensor cannot hold.");
            _buffer.CopyTo(Values(Rows * Width).Slice(index * Width, Width));
        }

        /// <summary>The destination of every element, allocated for <paramref name="length"/> elements on first use.</summary>
        protected abstract Span<T> Values(int length);
    }

    private sealed class Fixed<T>(DataViewRow row, DataViewSchema.Column column, TensorDataType dataType, int rows)
        : Typed<T>(row, column, rows) where T : unmanaged
    {
        private byte[]? _data;

        public override Tensor ToTensor() => Tensor.FromBuffer(Name, dataType, Shape, _data ?? []);

        protected override Span<T> Values(int length) => MemoryMarshal.Cast<byte, T>((_data ??= new byte[length * Unsafe.SizeOf<T>()]).AsSpan());
    }

    private sealed class Text(DataViewRow row, DataViewSchema.Column column, int rows)
        : Typed<ReadOnlyMemory<char>>(row, column, rows)
    {
        private ReadOnlyMemory<char>[]? _values;

        /// <summary>Encodes every value into one buffer that the elements slice.</summary>
        public override Tensor ToTensor()
        {
            var values = _values ?? [];
            var utf8 = new ArrayBufferWriter<byte>();
            var lengths = new int[values.Length];
            for (var i = 0; i < values.Length; i++)
                lengths[i] = (int)Encoding.UTF8.GetBytes(values[i].Span, utf8);
            var elements = new ReadOnlyMemory<byte>[values.Length];
            var at = 0;
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = utf8.WrittenMemory.Slice(at, lengths[i]);
                at += lengths[i];
            }
            return Tensor.FromElements(Name, Shape, elements);
        }

        protected override Span<ReadOnlyMemory<char>> Values(int length) => _values ??= new ReadOnlyMemory<char>[length];
    }
}
