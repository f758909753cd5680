using System.Buffers.Binary;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Tests.Inference.Rest;

/// <summary>Seeded random tensors of any type and shape, with the edge values of each type (extremes, zeros, non-finite numbers, escaped and non-ASCII text) mixed in.</summary>
public static class RandomTensors
{
    private const string TextAlphabet = "abcXYZ019 \"\\/\n\t\u0001\u007féü€中\U0001F600";

    /// <summary>A tensor of <paramref name="type"/> and <paramref name="shape"/> whose elements come from <paramref name="random"/>.</summary>
    public static Tensor Create(string name, TensorDataType type, long[] shape, Random random)
    {
        var count = (int)shape.Aggregate(1L, (product, dimension) => product * dimension);
        if (type == TensorDataType.Bytes)
            return Tensor.FromElements(name, shape, [.. Enumerable.Range(0, count).Select(_ => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(Text(random)))]);
        var size = type.ElementSize();
        var buffer = new byte[count * size];
        for (var i = 0; i < count; i++)
            Element(type, random, buffer.AsSpan(i * size, size));
        return Tensor.FromBuffer(name, type, shape, buffer);
    }

    private static void Element(TensorDataType type, Random random, Span<byte> element)
    {
        var edge = random.Next(5) == 0;
        switch (type)
        {
            case TensorDataType.Bool:
                element[0] = (byte)random.Next(2);
                break;
            case TensorDataType.Fp16:
                var half = edge ? Pick(random, Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity, Half.NegativeZero, Half.MaxValue, Half.MinValue, Half.Epsilon)
                    : BitConverter.UInt16BitsToHalf((ushort)random.Next(ushort.MaxValue + 1));
                BinaryPrimitives.WriteHalfLittleEndian(element, Half.IsNaN(half) ? Half.NaN : half);
                break;
            case TensorDataType.Fp32:
                var single = edge ? Pick(random, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.MaxValue, float.MinValue, float.Epsilon)
                    : BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
                BinaryPrimitives.WriteSingleLittleEndian(element, float.IsNaN(single) ? float.NaN : single);
                break;
            case TensorDataType.Fp64:
                var number = edge ? Pick(random, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0d, double.MaxValue, double.MinValue, double.Epsilon)
                    : BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
                BinaryPrimitives.WriteDoubleLittleEndian(element, double.IsNaN(number) ? double.NaN : number);
                break;
            default:
                if (edge)
                    IntegerEdge(type, random.Next(3), element);
                else
                    random.NextBytes(element);
                break;
        }
    }

    private static void IntegerEdge(TensorDataType type, int which, Span<byte> element)
    {
        var signed = type is TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 or TensorDataType.Int64;
        element.Clear();
        if (which == 0)
            return;
        element.Fill(0xFF);
        if (signed)
            element[^1] = which == 1 ? (byte)0x7F : (byte)0x80;
        if (signed && which == 2)
            element[..^1].Clear();
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        var length = random.Next(8);
        for (var i = 0; i < length; i++)
        {
            var at = random.Next(TextAlphabet.Length);
            text.Append(char.IsHighSurrogate(TextAlphabet[at]) ? TextAlphabet.Substring(at, 2) : char.IsLowSurrogate(TextAlphabet[at]) ? "z" : TextAlphabet[at].ToString());
        }
        return text.ToString();
    }
}
