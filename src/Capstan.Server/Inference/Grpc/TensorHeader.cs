using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc.Protocol;

namespace Capstan.Server.Inference.Grpc;

/// <summary>The checked name, element type, shape and element count of one input tensor of a request.</summary>
/// <param name="Name">The input's name.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The dimensions, none negative.</param>
/// <param name="Count">The product of the dimensions.</param>
internal readonly record struct TensorHeader(string Name, TensorDataType DataType, long[] Shape, long Count)
{
    /// <summary>Reads the header of <paramref name="input"/>, refusing an unknown datatype, a negative dimension or a shape of more than <see cref="long.MaxValue"/> elements.</summary>
    public static Result<TensorHeader> Read(ModelInferRequest.Types.InferInputTensor input)
    {
        if (!TensorDataTypes.TryParse(input.Datatype, out var dataType))
            return Error.InvalidInput($"Input '{input.Name}' has the unknown datatype '{input.Datatype}'; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES.");
        var shape = new long[input.Shape.Count];
        input.Shape.CopyTo(shape, 0);
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
                return Error.InvalidInput($"Input '{input.Name}' has the negative dimension {dimension} in its shape {Format(shape)}.");
            if (dimension != 0 && count > long.MaxValue / dimension)
                return Error.InvalidInput($"Input '{input.Name}' has the shape {Format(shape)}, which holds more elements than a tensor can.");
            count *= dimension;
        }
        return new TensorHeader(input.Name, dataType, shape, count);
    }

    /// <summary>Describes the input for error messages, such as <c>Input 'x' (FP32 [2,30], 60 elements)</c>.</summary>
    public override string ToString() => $"Input '{Name}' ({DataType.ProtocolName()} {Format(Shape)}, {Count} element{(Count == 1 ? "" : "s")})";

    private static string Format(long[] shape) => $"[{string.Join(",", shape)}]";
}
