using System.Runtime.InteropServices;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>One input column of ML.NET seen over a request's tensor: the getters a <see cref="TensorRow"/> hands out read the bound tensor's buffer in place.</summary>
/// <remarks>
/// A column of shape [N] is a scalar column (<see cref="ValueGetter{TValue}"/> of the element), one of shape [N, K] a
/// vector column of K elements (<see cref="ValueGetter{TValue}"/> of <see cref="VBuffer{T}"/>), K taken from each bound
/// tensor, so a vector of variable size may change it from request to request. Element types are ML.NET's raw types:
/// UINT32 serves a Key column of UInt32, BOOL's one byte (0 or 1) reads as <see cref="bool"/>. The getters outlive the
/// tensors: <see cref="Bind"/> swaps in each request's tensor and <see cref="Unbind"/> lets it go. BYTES elements are
/// decoded from UTF-8 once per bound tensor into one character buffer that all rows slice. Not thread-safe: one
/// request at a time.
/// </remarks>
internal abstract class InputColumn
{
    /// <summary>Creates the column of <paramref name="spec"/>, whose element type ML.NET must have (every type but FP16).</summary>
    public static InputColumn For(TensorSpec spec)
    {
        var vector = spec.Shape.Count > 1;
        return spec.DataType switch
        {
            TensorDataType.Bool => new Fixed<bool>(vector),
            TensorDataType.UInt8 => new Fixed<byte>(vector),
            TensorDataType.UInt16 => new Fixed<ushort>(vector),
            TensorDataType.UInt32 => new Fixed<uint>(vector),
            TensorDataType.UInt64 => new Fixed<ulong>(vector),
            TensorDataType.Int8 => new Fixed<sbyte>(vector),
            TensorDataType.Int16 => new Fixed<short>(vector),
            TensorDataType.Int32 => new Fixed<int>(vector),
            TensorDataType.Int64 => new Fixed<long>(vector),
            TensorDataType.Fp32 => new Fixed<float>(vector),
            TensorDataType.Fp64 => new Fixed<double>(vector),
            TensorDataType.Bytes => new Text(vector),
            _ => throw new ArgumentException($"ML.NET has no column type for {spec.DataType.ProtocolName()} elements.", nameof(spec)),
        };
    }

    /// <summary>Makes the getters read <paramref name="tensor"/>, of the column's element type and shape, until the next bind.</summary>
    public abstract void Bind(Tensor tensor);

    /// <summary>Drops the bound tensor, so that an idle column holds no request's memory.</summary>
    public abstract void Unbind();

    /// <summary>Creates the getter of this column for <paramref name="row"/>, which reads the bound tensor at the row's <see cref="TensorRow.CurrentRow"/>.</summary>
    public abstract Delegate CreateGetter(TensorRow row);

    private abstract class Typed<T>(bool vector) : InputColumn
    {
        /// <summary>The elements per row of the bound tensor of a vector column.</summary>
        private int _width;

        protected abstract ReadOnlySpan<T> Values { get; }

        public override void Bind(Tensor tensor) => _width = vector ? checked((int)tensor.Shape[1]) : 0;

        public sealed override Delegate CreateGetter(TensorRow row) => vector
            ? (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
            {
                var editor = VBufferEditor.Create(ref value, _width);
                Values.Slice(row.CurrentRow * _width, _width).CopyTo(editor.Values);
                value = editor.Commit();
            })
            : (ValueGetter<T>)((ref T value) => value = Values[row.CurrentRow]);
    }

    private sealed class Fixed<T>(bool vector) : Typed<T>(vector) where T : unmanaged
    {
        private ReadOnlyMemory<byte> _data;

        protected override ReadOnlySpan<T> Values => MemoryMarshal.Cast<byte, T>(_data.Span);

        public override void Bind(Tensor tensor)
        {
            base.Bind(tensor);
            _data = tensor.Data;
        }

        public override void Unbind() => _data = default;
    }

    private sealed class Text(bool vector) : Typed<ReadOnlyMemory<char>>(vector)
    {
        private ReadOnlyMemory<char>[] _values = [];

        protected override ReadOnlySpan<ReadOnlyMemory<char>> Values => _values;

        public override void Bind(Tensor tensor)
        {
            base.Bind(tensor);
            _values = Decode(tensor.Elements!);
        }

        public override void Unbind() => _values = [];

        /// <summary>Decodes every element into one buffer; UTF-8 never decodes to more characters than it has bytes.</summary>
        private static ReadOnlyMemory<char>[] Decode(IReadOnlyList<ReadOnlyMemory<byte>> elements)
        {
            var length = 0;
            for (var i = 0; i < elements.Count; i++)
                length += elements[i].Length;
            var characters = new char[length];
            var values = new ReadOnlyMemory<char>[elements.Count];
            var at = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var count = Encoding.UTF8.GetChars(elements[i].Span, characters.AsSpan(at));
                values[i] = characters.AsMemory(at, count);
                at += count;
            }
            return values;
        }
    }
}
