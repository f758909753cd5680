using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.Validation;
using Google.Protobuf;
using Grpc.Core;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Builds the one-input <c>ModelInferRequest</c>s the gRPC tests send, and decodes them as the server does.</summary>
internal static class InferRequests
{
    /// <summary>What the server decodes from <paramref name="request"/>'s bytes within <paramref name="limits"/>.</summary>
    public static Result<InferenceRequest> Decode(ModelInferRequest request, ServingLimits limits) =>
        InferRequestDecoder.Decode(request.ToByteArray(), limits).Request;

    /// <summary>Calls ModelInfer with <paramref name="message"/> as the request's bytes, whatever they are, and returns the reply's bytes.</summary>
    public static async Task<byte[]> SendAsync(CallInvoker invoker, byte[] message, Metadata? headers = null)
    {
        var bytes = Marshallers.Create(static (byte[] b) => b, static b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "inference.GRPCInferenceService", "ModelInfer", bytes, bytes);
        return await invoker.AsyncUnaryCall(method, null, new CallOptions(headers), message);
    }

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
