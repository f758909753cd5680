using Capstan.Server.Inference.Grpc.Protocol;
using Google.Protobuf;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Builds the one-input <c>ModelInferRequest</c>s the gRPC tests send.</summary>
internal static class InferRequests
{
    /// <summary>A request to <paramref name="model"/> whose one input carries typed <paramref name="contents"/> (null for none).</summary>
    public static ModelInferRequest Typed(string model, string input, string datatype, long[] shape, InferTensorContents? contents)
    {
        var request = new ModelInferRequest { ModelName = model };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = input, Datatype = datatype, Shape = { shape }, Contents = contents });
        return request;
    }

    /// <summary>A request to <paramref name="model"/> whose one input is <paramref name="raw"/> in raw_input_contents.</summary>
    public static ModelInferRequest Raw(string model, string input, string datatype, long[] shape, ReadOnlySpan<byte> raw)
    {
        var request = Typed(model, input, datatype, shape, contents: null);
        request.RawInputContents.Add(ByteString.CopyFrom(raw));
        return request;
    }
}
