using System.Text.Json;

namespace Capstan.Core.Serving;

/// <summary>One request read back from the inference log.</summary>
/// <param name="Time">When the request was answered, in UTC.</param>
/// <param name="RequestId">The request's own id, or the one the log gave it.</param>
/// <param name="Model">The serving name.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="Variant">Which variant answered: <c>stable</c>, <c>canary</c> or <c>pinned</c>.</param>
/// <param name="LatencyMs">How long the request took, in milliseconds.</param>
/// <param name="Inputs">The input tensors: a JSON array of objects with <c>name</c>, <c>datatype</c>, <c>shape</c> and <c>data</c>, where a redacted tensor's data is <c>"[redacted]"</c>.</param>
/// <param name="Outputs">The output tensors, in the same form.</param>
public sealed record LoggedInference(
    DateTimeOffset Time, string RequestId, string Model, string Version, string Variant, double LatencyMs, JsonElement Inputs, JsonElement Outputs);
