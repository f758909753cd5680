using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.Validation;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Binds the RPCs of <c>inference.GRPCInferenceService</c> to <see cref="GrpcInferenceService"/>'s methods of the same names.</summary>
/// <remarks>
/// The binding is written here rather than generated so that <c>ModelInfer</c> can read its request and write its reply
/// without building Google.Protobuf's messages for them (<see cref="InferRequestDecoder"/>, <see cref="InferResponseEncoder"/>);
/// the other RPCs use the generated messages. As the generated binding does, each endpoint carries its method's attributes (the requirement
/// <c>EndpointAuthorization</c> enforces) and accepts POST alone; each method runs inside <see cref="UnexpectedErrors"/>.
/// </remarks>
internal sealed class GrpcInferenceMethods(UnexpectedErrors errors, ServingLimits limits) : IServiceMethodProvider<GrpcInferenceService>
{
    /// <summary>The protocol's service name, <c>inference.GRPCInferenceService</c>.</summary>
    private static readonly string ServiceName = GRPCInferenceService.Descriptor.FullName;

    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GrpcInferenceService> context)
    {
        Add(context, nameof(GrpcInferenceService.ServerLive), Message(ServerLiveRequest.Parser), Message(ServerLiveResponse.Parser), (s, r, c) => s.ServerLive(r, c));
        Add(context, nameof(GrpcInferenceService.ServerReady), Message(ServerReadyRequest.Parser), Message(ServerReadyResponse.Parser), (s, r, c) => s.ServerReady(r, c));
        Add(context, nameof(GrpcInferenceService.ModelReady), Message(ModelReadyRequest.Parser), Message(ModelReadyResponse.Parser), (s, r, c) => s.ModelReady(r, c));
        Add(context, nameof(GrpcInferenceService.ServerMetadata), Message(ServerMetadataRequest.Parser), Message(ServerMetadataResponse.Parser), (s, r, c) => s.ServerMetadata(r, c));
        Add(context, nameof(GrpcInferenceService.ModelMetadata), Message(ModelMetadataRequest.Parser), Message(ModelMetadataResponse.Parser), (s, r, c) => s.ModelMetadata(r, c));
        Add(context, nameof(GrpcInferenceService.ModelInfer), InferRequestDecoder.Marshaller(limits), InferResponseEncoder.Marshaller, (s, r, c) => s.ModelInfer(r, c));
    }

    private void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<GrpcInferenceService> context, string name, Marshaller<TRequest> request, Marshaller<TResponse> response,
        UnaryServerMethod<GrpcInferenceService, TRequest, TResponse> invoker)
        where TRequest : class
        where TResponse : class
    {
        var handler = typeof(GrpcInferenceService).GetMethod(name)!;
        List<object> metadata =
        [
            .. typeof(GrpcInferenceService).GetCustomAttributes(inherit: true),
            .. handler.GetCustomAttributes(inherit: true),
            new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
        ];
        context.AddUnaryMethod(new Method<TRequest, TResponse>(MethodType.Unary, ServiceName, name, request, response), metadata, errors.Guard(invoker));
    }

    /// <summary>The marshaller of a generated message, which writes straight into the call's buffer as the generated binding does.</summary>
    private static Marshaller<T> Message<T>(MessageParser<T> parser) where T : class, IMessage<T> => Marshallers.Create<T>(
        (message, serialization) =>
        {
            serialization.SetPayloadLength(message.CalculateSize());
            message.WriteTo(serialization.GetBufferWriter());
            serialization.Complete();
        },
        deserialization => parser.ParseFrom(deserialization.PayloadAsReadOnlySequence()));
}
