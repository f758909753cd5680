using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Runtime.Runtimes;

/// <summary>Builds the request a new model version is warmed up with before it takes traffic.</summary>
/// <remarks>
/// The first call into a model pays for lazy work (ONNX Runtime's kernel and arena set-up, ML.NET's pipeline binding
/// and JIT compilation); running one row first keeps that cost off the first real request.
/// </remarks>
public static class WarmupInputs
{
    /// <summary>A batch of one row for every required input: zeros (BOOL false), or empty strings for BYTES, with every variable dimension set to 1.</summary>
    public static IReadOnlyList<Tensor> For(ModelSignature signature)
    {
        var tensors = new List<Tensor>(signature.RequiredInputs.Count);
        foreach (var name in signature.RequiredInputs)
        {
            var spec = signature.Inputs.First(input => input.Name == name);
            var shape = spec.Shape.Select(dimension => dimension < 0 ? 1L : dimension).ToArray();
            var count = shape.Aggregate(1L, (product, dimension) => product * dimension);
            tensors.Add(spec.DataType == TensorDataType.Bytes
                ? Tensor.FromElements(name, shape, Enumerable.Repeat(ReadOnlyMemory<byte>.Empty, checked((int)count)).ToArray())
                : Tensor.FromBuffer(name, spec.DataType, shape, new byte[count * spec.DataType.ElementSize()]));
        }
        return tensors;
    }
}
