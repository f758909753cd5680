using System.Text.Json.Serialization;

namespace Capstan.Core.Feedback;

/// <summary>The true label of one answered inference request, named by the request's id.</summary>
/// <param name="RequestId">The id the request carried (or the one the inference log gave it), as <c>request_id</c> in JSON.</param>
/// <param name="Label">The true label.</param>
public sealed record GroundTruth([property: JsonPropertyName("request_id")] string RequestId, LabelValue Label);
