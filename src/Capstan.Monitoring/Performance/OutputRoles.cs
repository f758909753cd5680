using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Core.Signatures;

namespace Capstan.Monitoring.Performance;

/// <summary>Which of a version's outputs holds the predicted class or value and which the score or probabilities, and so what the version predicts.</summary>
/// <remarks>
/// Defaults come from the outputs' names and types as ML.NET (with or without its ONNX export's <c>.output</c> suffix) and
/// skl2onnx name them: the label is <c>PredictedLabel</c>, <c>label</c> or <c>output_label</c>; the score is the first of
/// <c>Probability</c>, <c>probabilities</c>, <c>output_probability</c>, <c>Score</c>, <c>scores</c>, <c>variable</c>. A score
/// of one column per row with a BOOL label, or of two columns (the second is the positive class), is binary; of more
/// columns multiclass; a score without a label is regression. A score is read as probabilities when its name says
/// <c>prob</c> or it has a column per class. Each default can be overridden.
/// </remarks>
/// <param name="Task">What the version predicts.</param>
/// <param name="Label">The output holding the predicted class (or value), or null.</param>
/// <param name="Score">The output holding the score, the probabilities or (regression) the value, or null.</param>
/// <param name="Columns">How many values the score has per row: 1, or one per class (-1 when the model leaves it open).</param>
/// <param name="ScoreIsProbability">Whether the score is a probability, so that log loss applies and a missing label can be read from it.</param>
public sealed record OutputRoles(PerformanceTask Task, string? Label, string? Score, long Columns, bool ScoreIsProbability)
{
    private static readonly string[] LabelNames = ["PredictedLabel", "label", "output_label", "predicted_label"];

    private static readonly string[] ScoreNames = ["Probability", "probabilities", "output_probability", "probability", "Score", "scores", "variable"];

    /// <summary>The roles of <paramref name="version"/>'s <paramref name="outputs"/>, with any of <paramref name="query"/>'s overrides.</summary>
    /// <returns>InvalidInput when an override names an output the version lacks, or when nothing says which output holds the prediction.</returns>
    public static Result<OutputRoles> Resolve(string version, IReadOnlyList<TensorSpec> outputs, PerformanceQuery query)
    {
        if (!Named(version, outputs, query.LabelOutput, "label_output").TryGetValue(out var namedLabel, out var error)
            || !Named(version, outputs, query.ScoreOutput, "score_output").TryGetValue(out var namedScore, out error))
            return error;
        var label = namedLabel ?? (query.LabelOutput is null ? Find(outputs, LabelNames) : null);
        var score = namedScore ?? (query.ScoreOutput is null ? Find(outputs, ScoreNames) : null);
        if (label is null && score is null && query.LabelOutput is null && query.ScoreOutput is null && outputs.Count(IsNumeric) == 1)
            score = outputs.First(IsNumeric);
        var columns = score is null ? 1 : ColumnsOf(score);
        var task = query.Task ?? Infer(label, score, columns);
        if (task is not { } known || (label is null && score is null))
            return Error.InvalidInput(
                $"Which outputs of version {version} hold the prediction is not clear from its outputs {List(outputs)}; name them with label_output and score_output, and the task with task=binary, multiclass or regression.");
        if (known == PerformanceTask.Regression)
            return new OutputRoles(known, null, (namedScore ?? namedLabel ?? score ?? label)!.Name, 1, false);
        var probability = score is not null && (score.Name.Contains("prob", StringComparison.OrdinalIgnoreCase) || columns != 1);
        return new OutputRoles(known, label?.Name, score?.Name, columns, probability);
    }

    private static PerformanceTask? Infer(TensorSpec? label, TensorSpec? score, long columns) => (label, score) switch
    {
        (_, not null) when columns == 2 => PerformanceTask.Binary,
        (_, not null) when columns != 1 => PerformanceTask.Multiclass,
        ({ DataType: TensorDataType.Bool }, _) => PerformanceTask.Binary,
        (not null, not null) => PerformanceTask.Binary,
        (not null, null) => PerformanceTask.Multiclass,
        (null, not null) => PerformanceTask.Regression,
        _ => null,
    };

    private static Result<TensorSpec?> Named(string version, IReadOnlyList<TensorSpec> outputs, string? name, string parameter)
    {
        if (name is null)
            return Result<TensorSpec?>.Success(null);
        return outputs.FirstOrDefault(o => o.Name == name) is { } found
            ? found
            : Error.InvalidInput($"{parameter} '{NameRules.Printable(name)}' is not an output of version {version}; its outputs are {List(outputs)}.");
    }

    private static TensorSpec? Find(IReadOnlyList<TensorSpec> outputs, string[] names)
    {
        foreach (var name in names)
        {
            if (outputs.FirstOrDefault(o => BaseName(o.Name).Equals(name, StringComparison.OrdinalIgnoreCase)) is { } found)
                return found;
        }
        return null;
    }

    private static string BaseName(string name) => name.EndsWith(".output", StringComparison.Ordinal) ? name[..^".output".Length] : name;

    private static long ColumnsOf(TensorSpec spec) => spec.Shape.Count >= 2 ? spec.Shape[^1] : 1;

    private static bool IsNumeric(TensorSpec spec) => spec.DataType is not (TensorDataType.Bool or TensorDataType.Bytes);

    private static string List(IReadOnlyList<TensorSpec> outputs) =>
        outputs.Count == 0 ? "(none)" : string.Join(", ", outputs.Select(o => $"'{o.Name}' {o.DataType.ToString().ToUpperInvariant()} [{string.Join(",", o.Shape)}]"));
}
