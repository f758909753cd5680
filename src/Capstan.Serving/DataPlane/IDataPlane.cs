using Capstan.Core.Errors;
using Capstan.Core.Tensors;

namespace Capstan.Serving.DataPlane;

/// <summary>The protocol-neutral data plane that every front end (REST, gRPC) calls; nothing here knows about HTTP.</summary>
/// <remarks>
/// A model is named by its serving name and, optionally, a version number as a string (the versioned paths of the
/// protocol). A version pins the request to that loaded version; without one the request goes to one of the
/// deployment's live variants, by its sticky key when it has one and by weighted random choice otherwise. Errors use the shared
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

    /// <summary>The request header that carries a model's sticky key, or null when its deployment routes by no header.</summary>
    string? StickyHeaderOf(string name);

    /// <summary>Validates a request against the model's signature and runs it, routing an unversioned one by the sticky inference parameter its deployment names, or else by weight.</summary>
    ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, CancellationToken cancellationToken);

    /// <summary>Validates a request against the model's signature and runs it, routing an unversioned one by <paramref name="stickyKey"/> when it is not null or empty.</summary>
    /// <param name="name">The serving name.</param>
    /// <param name="version">The version the request pins, or null.</param>
    /// <param name="request">The decoded request.</param>
    /// <param name="stickyKey">The value of the header <see cref="StickyHeaderOf"/> names; without it the inference parameter the deployment names, if any, is the key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    ValueTask<Result<InferenceResponse>> InferAsync(string name, string? version, InferenceRequest request, string? stickyKey, CancellationToken cancellationToken);
}
