using System.Text.Json;

namespace Capstan.Cli.Predict;

/// <summary>What <c>capstan predict</c> prints: every row's outputs, in the file's order, with the version that computed them.</summary>
/// <param name="Model">The serving name.</param>
/// <param name="Predictions">One entry per row of the file.</param>
internal sealed record PredictionsSummary(string Model, IReadOnlyList<PredictedRow> Predictions);

/// <summary>The outputs of one row of the file.</summary>
/// <param name="Row">The row's number among the file's rows, from 1.</param>
/// <param name="Version">The version that computed the outputs.</param>
/// <param name="Outputs">The row's value of each output.</param>
internal sealed record PredictedRow(int Row, int Version, IReadOnlyDictionary<string, JsonElement> Outputs);
