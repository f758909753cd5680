namespace Capstan.Core.Signatures;

/// <summary>What a model takes and gives, read from the artifact itself.</summary>
/// <param name="Inputs">Every input the model declares; for ML.NET, the schema the model was saved with.</param>
/// <param name="Outputs">Every output the model produces; for ML.NET, the columns the model adds or changes.</param>
/// <param name="RequiredInputs">
/// The names of the inputs a prediction actually needs. For ONNX these are all inputs; for ML.NET they exclude
/// columns such as the label that the saved schema carries but the prediction pipeline never reads.
/// </param>
public sealed record ModelSignature(
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    IReadOnlyList<string> RequiredInputs)
{
    /// <inheritdoc />
    public bool Equals(ModelSignature? other) =>
        other is not null && Inputs.SequenceEqual(other.Inputs) && Outputs.SequenceEqual(other.Outputs)
        && RequiredInputs.SequenceEqual(other.RequiredInputs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Inputs.Count, Outputs.Count, RequiredInputs.Count);
}
