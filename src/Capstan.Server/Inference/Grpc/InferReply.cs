using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Grpc;

/// <summary>The answer to a <c>ModelInfer</c> call, which <see cref="InferResponseEncoder"/> writes as the protocol's <c>ModelInferResponse</c>.</summary>
/// <param name="Response">The data plane's response.</param>
/// <param name="Typed">Whether the request sent typed contents, so that the outputs go back in typed contents where they can.</param>
internal sealed record InferReply(InferenceResponse Response, bool Typed);
