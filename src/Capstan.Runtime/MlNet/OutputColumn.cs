using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>One requested output column, read row by row through a row getter into the buffer of a new tensor per request.</summary>
/// <remarks>
/// A scalar column becomes a tensor of shape [N], a vector column one of shape [N, K]; a vector column of unknown size
/// takes K from its first row, and a later row of another length is an error, since a tensor cannot hold it. Boolean
/// values become BOOL bytes, Key values their unsigned raw type, text the UTF-8 bytes of each value. The getter is
/// created once and serves request after request, each begun by <see cref="Start"/>; not thread-safe: one request at a time.
/// </remarks>
internal abstract class OutputColumn
{
    /// <summary>Creates the reader of <paramref name="column"/> of <paramref name="row"/>, whose signature type is <paramref name="dataType"/>.</summary>
    public static OutputColumn For(DataViewRow row, DataViewSchema.Column column, TensorDataType dataType) => dataType switch
    {
        TensorDataType.Bool => new Fixed<bool>(row, column, dataType),
        TensorDataType.UInt8 => new Fixed<byte>(row, column, dataType),
        TensorDataType.UInt16 => new Fixed<ushort>(row, column, dataType),
        TensorDataType.UInt32 => new Fixed<uint>(row, column, dataType),
        TensorDataType.UInt64 => new Fixed<ulong>(row, column, dataType),
        TensorDataType.Int8 => new Fixed<sbyte>(row, column, dataType),
        TensorDataType.Int16 => new Fixed<short>(row, column, dataType),
        TensorDataType.Int32 => new Fixed<int>(row, column, dataType),
        TensorDataType.Int64 => new Fixed<long>(row, column, dataType),
        TensorDataType.Fp32 => new Fixed<float>(row, column, dataType),
        TensorDataType.Fp64 => new Fixed<double>(row, column, dataType),
        TensorDataType.Bytes => new Text(row, column),
        _ => throw new ArgumentException($"ML.NET has no column type for {dataType.ProtocolName()} elements.", nameof(dataType)),
    };

    /// <summary>Begins a request of <paramref name="rows"/> rows, whose values go to a new buffer.</summary>
    public abstract void Start(int rows);

    /// <summary>Reads the current batch row, the <paramref name="index"/>-th, from the mapped row.</summary>
    public abstract void ReadRow(int index);

    /// <summary>Hands the values read over to a new tensor, keeping no reference to them.</summary>
    public abstract Tensor ToTensor();

    private abstract class Typed<T> : OutputColumn
    {
        private readonly ValueGetter<T>? _scalar;
        private readonly ValueGetter<VBuffer<T>>? _vector;
        private T _value = default!;
        private readonly int _declaredWidth;
        private VBuffer<T> _buffer;

        protected Typed(DataViewRow row, DataViewSchema.Column column)
        {
            Name = column.Name;
            if (column.Type is VectorDataViewType vector)
            {
                _vector = row.GetGetter<VBuffer<T>>(column);
                _declaredWidth = vector.IsKnownSize ? vector.Size : -1;
            }
            else
            {
                _scalar = row.GetGetter<T>(column);
            }
        }

        protected string Name { get; }

        protected int Rows { get; private set; }

        /// <summary>The elements per row of a vector column (-1 until the first row tells), or 0 for a scalar column.</summary>
        protected int Width { get; private set; }

        protected long[] Shape => _scalar is not null ? [Rows] : [Rows, Math.Max(Width, 0)];

        public override void Start(int rows)
        {
            Rows = rows;
            Width = _declaredWidth;
        }

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

    private sealed class Fixed<T>(DataViewRow row, DataViewSchema.Column column, TensorDataType dataType)
        : Typed<T>(row, column) where T : unmanaged
    {
        private byte[]? _data;

        public override void Start(int rows)
        {
            base.Start(rows);
            _data = null;
        }

        public override Tensor ToTensor()
        {
            var tensor = Tensor.FromBuffer(Name, dataType, Shape, _data ?? []);
            _data = null;
            return tensor;
        }

        protected override Span<T> Values(int length) => MemoryMarshal.Cast<byte, T>((_data ??= new byte[length * Unsafe.SizeOf<T>()]).AsSpan());
    }

    private sealed class Text(DataViewRow row, DataViewSchema.Column column)
        : Typed<ReadOnlyMemory<char>>(row, column)
    {
        private ReadOnlyMemory<char>[]? _values;

        public override void Start(int rows)
        {
            base.Start(rows);
            _values = null;
        }

        /// <summary>Encodes every value into one buffer that the elements slice.</summary>
        public override Tensor ToTensor()
        {
            var values = _values ?? [];
            _values = null;
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
