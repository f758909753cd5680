using Capstan.Training.Pipelines;

namespace Capstan.Training.Data;

/// <summary>The values of one feature column, typed as the spec declares it.</summary>
/// <param name="Spec">The column's name and declared type.</param>
/// <param name="Numbers">For numeric and boolean features: the values (booleans as 1 and 0), NaN where missing; otherwise null.</param>
/// <param name="Texts">For categorical and text features: the values, null where missing; otherwise null.</param>
public sealed record FeatureColumn(FeatureSpec Spec, float[]? Numbers, string?[]? Texts)
{
    /// <summary>How many rows have no value in this column.</summary>
    public int MissingCount => Numbers is not null ? Numbers.Count(float.IsNaN) : Texts!.Count(t => t is null);
}
