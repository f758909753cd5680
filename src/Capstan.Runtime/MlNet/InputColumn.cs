using System.Runtime.InteropServices;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>One input tensor seen as an ML.NET column: the getters a <see cref="TensorRow"/> hands out read the tensor's buffer in place.</summary>
/// <remarks>
/// A tensor of shape [N] is a scalar column (<see cref="ValueGetter{TValue}"/> of the element), one of shape [N, K] a
/// vector column of K elements (<see cref="ValueGetter{TValue}"/> of <see cref="VBuffer{T}"/>). Element types are
/// ML.NET's raw types: UINT32 serves a Key column of UInt32, BOOL's one byte (0 or 1) reads as <see cref="bool"/>.
/// BYTES elements are decoded from UTF-8 once per request into one character buffer that all rows slice.
/// </remarks>
internal abstract class InputColumn
{
    /// <summary>Wraps <paramref name="tensor"/>, whose element type ML.NET must have (every type but FP16).</summary>
    public static InputColumn For(Tensor tensor) => tensor.DataType switch
    {
        TensorDataType.Bool => new Fixed<bool>(tensor),
        TensorDataType.UInt8 => new Fixed<byte>(tensor),
        TensorDataType.UInt16 => new Fixed<ushort>(tensor),
        TensorDataType.UInt32 => new Fixed<uint>(tensor),
        TensorDataType.UInt64 => new Fixed<ulong>(tensor),
        TensorDataType.Int8 => new Fixed<sbyte>(tensor),
        TensorDataType.Int16 => new Fixed<short>(tensor),
        TensorDataType.Int32 => new Fixed<int>(tensor),
        TensorDataType.Int64 => new Fixed<long>(tensor),
        TensorDataType.Fp32 => new Fixed<float>(tensor),
        TensorDataType.Fp64 => new Fixed<double>(tensor),
        TensorDataType.Bytes => new Text(tensor),
        _ => throw new ArgumentException($"ML.NET has no column type for {tensor.DataType.ProtocolName()} elements.", nameof(tensor)),
    };

    /// <summary>Creates the getter of this column for <paramref name="row"/>, which reads the batch row at the row's position.</summary>
    public abstract Delegate CreateGetter(DataViewRow row);

    /// <summary>The elements per row of a vector column, or 0 for a scalar column.</summary>
    private static int WidthOf(Tensor tensor) => tensor.Shape.Count == 1 ? 0 : checked((int)tensor.Shape[1]);

    private abstract class Typed<T>(int width) : InputColumn
    {
        protected abstract ReadOnlySpan<T> Values { get; }

        public sealed override Delegate CreateGetter(DataViewRow row) => width == 0
            ? (ValueGetter<T>)((ref T value) => value = Values[(int)row.Position])
            : (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
            {
                var editor = VBufferEditor.Create(ref value, width);
                Values.Slice((int)row.Position * width, width).CopyTo(editor.Values);
                value = editor.Commit();
            });
    }

    private sealed class Fixed<T>(Tensor tensor) : Typed<T>(WidthOf(tensor)) where T : unmanaged
    {
        protected override ReadOnlySpan<T> Values => MemoryMarshal.Cast<byte, T>(tensor.Data.Span);
    }

    private sealed class Text(Tensor tensor) : Typed<ReadOnlyMemory<char>>(WidthOf(tensor))
    {
        private readonly ReadOnlyMemory<char>[] _values = Decode(tensor.Elements!);

        protected override ReadOnlySpan<ReadOnlyMemory<char>> Values => _values;

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
