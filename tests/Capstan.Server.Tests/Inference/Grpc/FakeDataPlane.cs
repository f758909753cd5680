using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Serving.DataPlane;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>A data plane whose answers a test sets, and which records the last call it got, for testing the gRPC adapter alone.</summary>
public sealed class FakeDataPlane : IDataPlane
{
    /// <summary>What <see cref="IsReady"/> answers.</summary>
    public bool Ready { get; set; } = true;

    /// <summary>What <see cref="GetMetadata"/> answers.</summary>
    public Result<ModelMetadata> Metadata { get; set; } = Error.NotFound("No model is deployed.");

    /// <summary>What <see cref="IsModelReady"/> answers.</summary>
    public Result<bool> ModelReady { get; set; } = Error.NotFound("No model is deployed.");

    /// <summary>How inference answers; by default it echoes the inputs as outputs of model <c>echo</c> version 1.</summary>
    public Func<InferenceRequest, Result<InferenceResponse>> Infer { get; set; } =
        request => new InferenceResponse("echo", "1", request.Id, request.Inputs, request.Parameters);

    /// <summary>The model name and version of the last call.</summary>
    public (string Name, string? Version) LastModel { get; private set; }

    /// <summary>The request of the last inference.</summary>
    public InferenceRequest? LastRequest { get; private set; }

    /// <inheritdoc />
    public bool IsReady => Ready;

    /// <inheritdoc />
    public Result<ModelMetadata> GetMetadata(string name, string? version)
    {
        LastModel = (name, version);
        return Metadata;
    }

    /// <inheritdoc />
    public Result<bool> IsModelReady(string name, string? version)
    {
        LastModel = (name, version);
        return ModelReady;
    }

    /// <inheritdoc />
    public string? StickyHeaderOf(string name) => null;

    /// <inheritdoc />
    public ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, CancellationToken cancellationToken) =>
        InferAsync(name, version, request, null, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, string? stickyKey, CancellationToken cancellationToken)
    {
        LastModel = (name, version);
        LastRequest = request;
        return ValueTask.FromResult(Infer(request));
    }
}
