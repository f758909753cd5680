using Capstan.Serving.DataPlane;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Core.Errors;
using Capstan.Server.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Capstan.Server.Inference.Grpc;

/// <summary>The Open Inference Protocol's <c>inference.GRPCInferenceService</c>: a thin adapter that decodes, calls the data plane and encodes.</summary>
/// <remarks>
/// Every data-plane error ends the call with the status <see cref="GrpcStatus"/> gives its code and the error's message.
/// <see cref="GrpcInferenceMethods"/> binds the methods, with each one's attributes as its endpoint's requirement. One
/// instance serves every call; thread-safe.
/// </remarks>
internal sealed class GrpcInferenceService(IDataPlane dataPlane, DenialRecorder denials)
{
    /// <summary>Answers live: the process is up and answering.</summary>
    [AllowAnonymous]
    public Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    /// <summary>Answers whether the data plane is ready.</summary>
    [AllowAnonymous]
    public Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = dataPlane.IsReady });

    /// <summary>Answers whether a model (or one version of it) is ready.</summary>
    [Authorize(Policy = CapstanPolicies.ModelMetadata)]
    public async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        await RequireGrantAsync(context, request.Name);
        var ready = GrpcStatus.ValueOrThrow(dataPlane.IsModelReady(request.Name, InferRequestDecoder.NullIfEmpty(request.Version)));
        return new ModelReadyResponse { Ready = ready };
    }

    /// <summary>Describes the server.</summary>
    [Authorize(Policy = CapstanPolicies.ModelMetadata)]
    public Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(MetadataEncoder.Server());

    /// <summary>Describes a model (or one version of it).</summary>
    [Authorize(Policy = CapstanPolicies.ModelMetadata)]
    public async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        await RequireGrantAsync(context, request.Name);
        var metadata = GrpcStatus.ValueOrThrow(dataPlane.GetMetadata(request.Name, InferRequestDecoder.NullIfEmpty(request.Version)));
        return MetadataEncoder.Model(metadata);
    }

    /// <summary>Runs the decoded request on the data plane; the reply goes back in the request's form.</summary>
    /// <remarks>An unreadable message is refused first, then a caller without a grant on the model, then an invalid request.</remarks>
    [Authorize(Policy = CapstanPolicies.Infer)]
    public async Task<InferReply> ModelInfer(ModelInferCall call, ServerCallContext context)
    {
        if (call.Unreadable is { } unreadable)
            GrpcStatus.Throw(unreadable);
        await RequireGrantAsync(context, call.ModelName);
        var decoded = GrpcStatus.ValueOrThrow(call.Request);
        var stickyKey = InferenceApi.StickyKey(context.GetHttpContext(), dataPlane, call.ModelName);
        var response = GrpcStatus.ValueOrThrow(await dataPlane.InferAsync(call.ModelName, call.ModelVersion, decoded, stickyKey, context.CancellationToken));
        return InferResponseEncoder.Reply(response, call.Typed);
    }

    private async ValueTask RequireGrantAsync(ServerCallContext context, string model)
    {
        var http = context.GetHttpContext();
        if (ModelGrants.Allows(http.User, model))
            return;
        var denied = Error.Forbidden($"The caller has no grant on model '{model}'.");
        await denials.RecordAsync(http, denied, model);
        GrpcStatus.Throw(denied);
    }
}
