using Capstan.Core.Tensors;

namespace Capstan.Core.Serving;

/// <summary>One answered inference request as the data plane hands it to an <see cref="IInferenceRecorder"/>.</summary>
/// <param name="Time">When the request was answered, in UTC.</param>
/// <param name="Model">The serving name.</param>
/// <param name="Variant">Which variant answered: <c>stable</c>, <c>canary</c>, or <c>pinned</c> for a request that named a version taking no live traffic.</param>
/// <param name="Latency">How long routing, validation and the run took.</param>
/// <param name="Request">The decoded request.</param>
/// <param name="Response">The response, which names the version that answered.</param>
public readonly record struct InferenceRecord(
    DateTimeOffset Time, string Model, string Variant, TimeSpan Latency, InferenceRequest Request, InferenceResponse Response);
