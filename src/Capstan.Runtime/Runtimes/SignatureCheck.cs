using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Runtime.Runtimes;

/// <summary>Checks that a model file still has the signature the registry recorded for it.</summary>
/// <remarks>
/// Inputs and outputs are matched by name, so a different order is no mismatch; a missing name, another element type
/// or another shape is, and so is an extra input or another set of required inputs. An extra output is not: the
/// recorded signature may name only the outputs a deployment serves. A mismatch means the file is not the
/// one that was inspected, or the runtime reads it differently from the inspector; either way it must not serve.
/// </remarks>
internal static class SignatureCheck
{
    /// <summary>Returns the loaded model's first difference from <paramref name="recorded"/> as an <see cref="ErrorCode.InvalidInput"/> error, or null when they match.</summary>
    /// <param name="recorded">The signature the registry recorded.</param>
    /// <param name="read">The signature read from the loaded model, or why it could not be read (which is returned as it is).</param>
    public static Error? Compare(ModelSignature recorded, Result<ModelSignature> read)
    {
        if (!read.TryGetValue(out var actual, out var error))
            return error;
        var reason = Difference("input", recorded.Inputs, actual.Inputs)
            ?? ExtraInput(recorded.Inputs, actual.Inputs)
            ?? Difference("output", recorded.Outputs, actual.Outputs)
            ?? RequiredDifference(recorded.RequiredInputs, actual.RequiredInputs);
        return reason is null ? null : Error.InvalidInput($"The model does not match the signature the registry recorded: {reason}.");
    }

    private static string? Difference(string kind, IReadOnlyList<TensorSpec> recorded, IReadOnlyList<TensorSpec> actual)
    {
        foreach (var spec in recorded)
        {
            var found = actual.FirstOrDefault(candidate => candidate.Name == spec.Name);
            if (found is null)
                return $"the registry records the {kind} '{spec.Name}', which the model does not have";
            if (!found.Equals(spec))
                return $"the {kind} '{spec.Name}' is {Describe(found)} in the model but {Describe(spec)} in the registry";
        }
        return null;
    }

    private static string? ExtraInput(IReadOnlyList<TensorSpec> recorded, IReadOnlyList<TensorSpec> actual)
    {
        var extra = actual.FirstOrDefault(candidate => !recorded.Any(spec => spec.Name == candidate.Name));
        return extra is null ? null : $"the model has the input '{extra.Name}', which the registry does not record";
    }

    private static string? RequiredDifference(IReadOnlyList<string> recorded, IReadOnlyList<string> actual) =>
        recorded.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal))
            ? null
            : $"the model requires the inputs [{string.Join(", ", actual)}] but the registry records [{string.Join(", ", recorded)}]";

    private static string Describe(TensorSpec spec) => $"{spec.DataType.ProtocolName()} [{string.Join(",", spec.Shape)}]";
}
