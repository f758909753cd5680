namespace Capstan.Core.Monitoring;

/// <summary>The reference profile stored with a model version: its training data's features, and its own predictions on that data.</summary>
/// <remarks>
/// Drift detection compares the inputs of the requests a version answered with <see cref="Features"/>, and its answers
/// with <see cref="Predictions"/>. Predictions are profiled from a capped number of the reference rows, each output
/// value per row a column (<c>Probability</c>, or <c>probabilities[1]</c> for the second value of a vector output).
/// </remarks>
/// <param name="Model">The model.</param>
/// <param name="Version">The version the profile belongs to.</param>
/// <param name="Rows">How many rows the reference data held.</param>
/// <param name="Features">One column per value a row of the model's required inputs holds, in input order.</param>
/// <param name="PredictionRows">How many reference rows the version was run on to profile its outputs.</param>
/// <param name="Predictions">One column per value a row of the version's outputs holds.</param>
/// <param name="CreatedAt">When the profile was made.</param>
/// <param name="CreatedBy">Who uploaded the reference data.</param>
public sealed record ReferenceProfile(
    string Model,
    int Version,
    long Rows,
    IReadOnlyList<ProfiledColumn> Features,
    long PredictionRows,
    IReadOnlyList<ProfiledColumn> Predictions,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    /// <summary>The reference that names the profiled version, <c>name:N</c>.</summary>
    public string Reference => $"{Model}:{Version}";
}
