using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc.Protocol;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Encodes the data plane's <see cref="InferenceResponse"/> as a <c>ModelInferResponse</c>.</summary>
/// <remarks>
/// Outputs go in <c>raw_output_contents</c>, as Triton sends them: a tensor's buffer is the raw entry itself, with no
/// copy, and Triton's clients look for them there. A request that sent typed contents is answered in typed contents, as
/// KServe does, because a client that writes typed values (grpcurl, hand-written clients) may not read raw bytes; such
/// a response still goes raw when an output is FP16, which has no typed field, since one response uses one form.
/// </remarks>
internal static class InferResponseEncoder
{
    /// <summary>Encodes <paramref name="response"/>, in typed contents when <paramref name="typed"/> and every output has a typed form.</summary>
    public static ModelInferResponse Encode(InferenceResponse response, bool typed)
    {
        var message = new ModelInferResponse
        {
            ModelName = response.ModelName,
            ModelVersion = response.ModelVersion,
            Id = response.Id ?? "",
        };
        InferParameters.Write(response.Parameters, message.Parameters);
        typed &= !HasFp16(response.Outputs);
        foreach (var output in response.Outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.DataType.ProtocolName() };
            tensor.Shape.AddRange(output.Shape);
            if (typed)
                tensor.Contents = TypedContents.Write(output);
            else
                message.RawOutputContents.Add(RawContents.Write(output));
            message.Outputs.Add(tensor);
        }
        return message;
    }

    private static bool HasFp16(IReadOnlyList<Tensor> outputs)
    {
        foreach (var output in outputs)
        {
            if (output.DataType == TensorDataType.Fp16)
                return true;
        }
        return false;
    }
}
