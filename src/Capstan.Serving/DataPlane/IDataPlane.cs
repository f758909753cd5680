using Capstan.Core.Errors;
using Capstan.Core.Tensors;

namespace Capstan.Serving.DataPlane;

/// <summary>The protocol-neutral data plane that every front end (REST, gRPC) calls; nothing here knows about HTTP.</summary>
/// <remarks>
/// A model is named by its serving name and, optionally, a version number as a string (the versioned paths of the
/// protocol). Without a version the request goes to the version the deployment serves. Errors use the shared
/// vocabulary: NotFound for a model or version that is not deployed, NotReady while it loads, InvalidInput for a
/// request that does not match the model's signature or exceeds a tensor limit (naming the input and the problem),
/// Overloaded when the model's queue is full. Thread-safe.
/// </remarks>
public interface IDataPlane
{
    /// <summary>Whether the server is ready to serve: started, with every deployment either ready or failed.</summary>
    bool IsReady { get; }

    /// <summary>Describes a deployed model (or one version of it).</summary>
    Result<ModelMetadata> GetMetadata(string name, string? version);

    /// <summary>Whether a deployed model (or one version of it) is ready to infer; NotFound when it is not deployed.</summary>
    Result<bool> IsModelReady(string name, string? version);

    /// <summary>Validates a request against the model's signature and runs it.</summary>
    ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, CancellationToken cancellationToken);
}
