namespace Capstan.Core.Tensors;

/// <summary>A protocol-neutral inference response, as every front end encodes it.</summary>
/// <param name="ModelName">The model that answered.</param>
/// <param name="ModelVersion">The version that answered, as its number.</param>
/// <param name="Id">The request's id, when it had one.</param>
/// <param name="Outputs">The output tensors, in the order the caller asked for them (or the model declares them).</param>
/// <param name="Parameters">The response's parameters, or null.</param>
public sealed record InferenceResponse(
    string ModelName,
    string ModelVersion,
    string? Id,
    IReadOnlyList<Tensor> Outputs,
    IReadOnlyDictionary<string, InferenceParameter>? Parameters = null);
