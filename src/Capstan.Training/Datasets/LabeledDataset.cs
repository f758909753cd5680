namespace Capstan.Training.Datasets;

/// <summary>A binary classification data set with the provenance a model card needs.</summary>
/// <param name="Name">A short human-readable name.</param>
/// <param name="Source">Where the data comes from.</param>
/// <param name="Licence">The terms the data is used under.</param>
/// <param name="PositiveClass">The class a true <see cref="LabeledSample.Label"/> stands for.</param>
/// <param name="NegativeClass">The class a false <see cref="LabeledSample.Label"/> stands for.</param>
/// <param name="FeatureCount">How many features every sample has.</param>
/// <param name="Samples">The rows, in the order of the source file.</param>
public sealed record LabeledDataset(
    string Name,
    string Source,
    string Licence,
    string PositiveClass,
    string NegativeClass,
    int FeatureCount,
    IReadOnlyList<LabeledSample> Samples)
{
    /// <summary>Shuffles the rows with <paramref name="seed"/> and holds out <paramref name="holdoutFraction"/> of them.</summary>
    /// <remarks>The same seed and fraction always give the same split, so a test can rebuild the holdout a trainer used.</remarks>
    public DataSplit Split(double holdoutFraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(holdoutFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(holdoutFraction, 1.0);
        var shuffled = Samples.ToArray();
        new Random(seed).Shuffle(shuffled);
        var holdoutCount = (int)Math.Round(shuffled.Length * holdoutFraction);
        return new DataSplit(shuffled[holdoutCount..], shuffled[..holdoutCount]);
    }
}
