using Capstan.Serving.DataPlane;
using Capstan.Serving.Validation;
using Capstan.Server.Inference.Grpc.Protocol;
using Grpc.Core;

namespace Capstan.Server.Inference.Grpc;

/// <summary>The Open Inference Protocol's <c>inference.GRPCInferenceService</c>: a thin adapter that decodes, calls the data plane and encodes.</summary>
/// <remarks>Every data-plane error ends the call with the status <see cref="GrpcStatus"/> gives its code and the error's message. Thread-safe.</remarks>
internal sealed class GrpcInferenceService(IDataPlane dataPlane, ServingLimits limits) : GRPCInferenceService.GRPCInferenceServiceBase
{
    /// <summary>Answers live: the process is up and answering.</summary>
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    /// <summary>Answers whether the data plane is ready.</summary>
    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = dataPlane.IsReady });

    /// <summary>Answers whether a model (or one version of it) is ready.</summary>
    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        var ready = GrpcStatus.ValueOrThrow(dataPlane.IsModelReady(request.Name, InferRequestDecoder.NullIfEmpty(request.Version)));
        return Task.FromResult(new ModelReadyResponse { Ready = ready });
    }

    /// <summary>Describes the server.</summary>
    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(MetadataEncoder.Server());

    /// <summary>Describes a model (or one version of it).</summary>
    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var metadata = GrpcStatus.ValueOrThrow(dataPlane.GetMetadata(request.Name, InferRequestDecoder.NullIfEmpty(request.Version)));
        return Task.FromResult(MetadataEncoder.Model(metadata));
    }

    /// <summary>Decodes the request, runs it on the data plane and encodes the response in the request's form.</summary>
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var decoded = GrpcStatus.ValueOrThrow(InferRequestDecoder.Decode(request, limits));
        var response = GrpcStatus.ValueOrThrow(await dataPlane.InferAsync(
            request.ModelName, InferRequestDecoder.NullIfEmpty(request.ModelVersion), decoded, context.CancellationToken));
        return InferResponseEncoder.Encode(response, typed: request.RawInputContents.Count == 0);
    }
}
