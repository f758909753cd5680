namespace Capstan.Core.Monitoring;

/// <summary>Counts of the reference and of the current window over the same bins: numeric ranges, or categories.</summary>
/// <remarks>
/// Numeric columns have <see cref="Edges"/> (one more than the bins, the reference's range cut in equal widths; values
/// outside it count in the first or last bin). Categorical columns have <see cref="Categories"/>, the reference's
/// categories and, when the window holds others, a last bin <c>(other)</c> for them.
/// </remarks>
/// <param name="Edges">The bin edges of a numeric column, or null.</param>
/// <param name="Categories">The categories of a categorical column, or null.</param>
/// <param name="Reference">The reference's count in each bin.</param>
/// <param name="Current">The window's count in each bin.</param>
public sealed record DriftHistogram(
    IReadOnlyList<double>? Edges,
    IReadOnlyList<string>? Categories,
    IReadOnlyList<double> Reference,
    IReadOnlyList<double> Current);
