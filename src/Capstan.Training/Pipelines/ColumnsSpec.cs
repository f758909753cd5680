namespace Capstan.Training.Pipelines;

/// <summary>The roles of a pipeline's columns: the features, the label and the optional weight and time columns.</summary>
/// <param name="Features">The feature columns, in the order the model concatenates them.</param>
/// <param name="Label">The column the model predicts.</param>
/// <param name="Weight">A numeric column that weighs each row in training, or null.</param>
/// <param name="Time">A date or time column that orders the rows for a time-ordered holdout, or null; it is never a feature.</param>
public sealed record ColumnsSpec(IReadOnlyList<FeatureSpec> Features, LabelSpec Label, string? Weight, string? Time)
{
    /// <summary>Every column the pipeline reads, features first, then label, weight and time.</summary>
    public IEnumerable<string> Names =>
        Features.Select(f => f.Name).Append(Label.Name).Concat(Weight is null ? [] : [Weight]).Concat(Time is null ? [] : [Time]);
}
