using Capstan.Core.Tensors;

namespace Capstan.Serving.Validation;

/// <summary>A request that passed <see cref="InputValidator"/>: its inputs ready for a runtime and the outputs to compute.</summary>
/// <param name="Inputs">The inputs in the order the signature declares them, each with its declared type and a conforming shape; optional inputs the request left out are absent.</param>
/// <param name="Outputs">The outputs to compute, in the order the caller asked for them, or every declared output in declared order when the caller named none.</param>
public sealed record ValidatedRequest(IReadOnlyList<Tensor> Inputs, IReadOnlyList<string> Outputs);
