namespace Capstan.Core.Signatures;

/// <summary>How a model input is laid out as a table's column: the rule by which the V1 predict route and reference profiles map named columns onto inputs.</summary>
/// <remarks>
/// An input declared <c>[-1]</c> or <c>[-1,1]</c> is a scalar column, one value per row; one declared <c>[-1,k]</c> is
/// a vector column of k values per row (any length for <c>[-1,-1]</c>). Inputs of another rank cannot be a table's column.
/// </remarks>
public static class TabularInputs
{
    /// <summary>How many values a row holds for <paramref name="spec"/>: 1 for a scalar column, k for a vector of k, -1 for a vector of any length; null when the input cannot be a column.</summary>
    public static long? RowWidth(TensorSpec spec) => spec.Shape switch
    {
        [_] => 1,
        [_, var width] => width,
        _ => null,
    };
}
