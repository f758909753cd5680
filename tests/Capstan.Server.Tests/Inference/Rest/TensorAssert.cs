using System.Buffers.Binary;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Tests.Inference.Rest;

/// <summary>Compares tensors element by element: bit for bit, except that any NaN equals any NaN.</summary>
public static class TensorAssert
{
    /// <summary>Whether two tensors have the same name, type, shape and elements.</summary>
    public static bool Same(Tensor expected, Tensor actual)
    {
        if (expected.Name != actual.Name || expected.DataType != actual.DataType || !expected.Shape.SequenceEqual(actual.Shape))
            return false;
        if (expected.DataType == TensorDataType.Bytes)
            return expected.Elements!.Select(e => e.ToArray()).Zip(actual.Elements!).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second.Span));
        var size = expected.DataType.ElementSize();
        for (var i = 0; i < expected.ElementCount; i++)
        {
            var left = expected.Data.Span.Slice(i * size, size);
            var right = actual.Data.Span.Slice(i * size, size);
            if (!left.SequenceEqual(right) && !(IsNaN(expected.DataType, left) && IsNaN(expected.DataType, right)))
                return false;
        }
        return true;
    }

    /// <summary>Asserts that the tensors are the same, showing both when they are not.</summary>
    public static void Equal(Tensor expected, Tensor actual) =>
        Assert.True(Same(expected, actual), $"expected {expected} but got {actual}");

    private static bool IsNaN(TensorDataType type, ReadOnlySpan<byte> element) => type switch
    {
        TensorDataType.Fp16 => Half.IsNaN(BinaryPrimitives.ReadHalfLittleEndian(element)),
        TensorDataType.Fp32 => float.IsNaN(BinaryPrimitives.ReadSingleLittleEndian(element)),
        TensorDataType.Fp64 => double.IsNaN(BinaryPrimitives.ReadDoubleLittleEndian(element)),
        _ => false,
    };
}
