using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Grpc;

/// <summary>The checked name, element type, shape and element count of one input tensor of a request.</summary>
/// <param name="Name">The input's name.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The dimensions, none negative.</param>
/// <param name="Count">The product of the dimensions.</param>
internal readonly record struct TensorHeader(string Name, TensorDataType DataType, long[] Shape, long Count)
{
    /// <summary>The longest datatype name, <c>UINT16</c> and its kind.</summary>
    private const int LongestDatatype = 6;

    /// <summary>Reads the header of an input named <paramref name="name"/> with the UTF-8 <paramref name="datatype"/> and <paramref name="shape"/>, refusing an unknown datatype, a negative dimension or a shape of more than <see cref="long.MaxValue"/> elements.</summary>
    public static Result<TensorHeader> Read(string name, ReadOnlySpan<byte> datatype, ReadOnlySpan<long> shape)
    {
        Span<char> text = stackalloc char[LongestDatatype];
        if (datatype.Length > LongestDatatype || !TensorDataTypes.TryParse(text[..Encoding.UTF8.GetChars(datatype, text)], out var dataType))
            return Error.InvalidInput($"Input '{name}' has the unknown datatype '{Encoding.UTF8.GetString(datatype)}'; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES.");
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
                return Error.InvalidInput($"Input '{name}' has the negative dimension {dimension} in its shape {Format(shape)}.");
            if (dimension != 0 && count > long.MaxValue / dimension)
                return Error.InvalidInput($"Input '{name}' has the shape {Format(shape)}, which holds more elements than a tensor can.");
            count *= dimension;
        }
        return new TensorHeader(name, dataType, shape.ToArray(), count);
    }

    /// <summary>Describes the input for error messages, such as <c>Input 'x' (FP32 [2,30], 60 elements)</c>.</summary>
    public override string ToString() => $"Input '{Name}' ({DataType.ProtocolName()} {Format(Shape)}, {Count} element{(Count == 1 ? "" : "s")})";

    private static string Format(ReadOnlySpan<long> shape) => $"[{string.Join(",", shape.ToArray())}]";
}
