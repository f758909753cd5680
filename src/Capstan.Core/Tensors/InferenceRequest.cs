namespace Capstan.Core.Tensors;

/// <summary>A protocol-neutral inference request, as every front end decodes it.</summary>
/// <param name="Id">The caller's request id, echoed in the response.</param>
/// <param name="Inputs">The input tensors.</param>
/// <param name="Outputs">The outputs the caller wants, or null for all of them.</param>
/// <param name="Parameters">The request's parameters, or null.</param>
public sealed record InferenceRequest(
    string? Id,
    IReadOnlyList<Tensor> Inputs,
    IReadOnlyList<string>? Outputs = null,
    IReadOnlyDictionary<string, InferenceParameter>? Parameters = null);
