using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Rest;

/// <summary>A decoded REST inference request: the protocol-neutral request and how its answer is to be encoded.</summary>
/// <param name="Request">The request for the data plane.</param>
/// <param name="BinaryOutputs">Which outputs the answer sends as binary data.</param>
public sealed record RestInferenceRequest(InferenceRequest Request, BinaryOutputs BinaryOutputs);
