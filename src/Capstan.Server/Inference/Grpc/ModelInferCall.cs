using Capstan.Core.Errors;
using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Grpc;

/// <summary>A <c>ModelInfer</c> request as <see cref="InferRequestDecoder"/> reads it: the model it names, and its inputs decoded into the data plane's request or the reason they could not be.</summary>
/// <param name="ModelName">The model the request names.</param>
/// <param name="ModelVersion">The version it names, or null for none.</param>
/// <param name="Typed">Whether its inputs came in typed contents rather than raw_input_contents, so that the reply uses them too.</param>
/// <param name="Request">The decoded request, or why it is invalid or over the limits; reported after the caller's grant on the model is checked.</param>
/// <param name="Unreadable">Why the message is not protobuf at all, reported before anything else; null for a readable message.</param>
internal sealed record ModelInferCall(string ModelName, string? ModelVersion, bool Typed, Result<InferenceRequest> Request, Error? Unreadable = null)
{
    /// <summary>The call for a message that is not a valid protobuf <c>ModelInferRequest</c>.</summary>
    public static ModelInferCall Malformed(Error error) => new("", null, Typed: false, error, error);
}
