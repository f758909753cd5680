namespace Capstan.Training.Candidates;

/// <summary>A metric across cross-validation folds: each fold's value, their mean and their sample standard deviation.</summary>
/// <param name="Mean">The mean over the folds.</param>
/// <param name="StandardDeviation">The sample standard deviation over the folds (n - 1 in the denominator).</param>
/// <param name="Folds">The value on each fold, in fold order.</param>
public sealed record MetricSpread(double Mean, double StandardDeviation, IReadOnlyList<double> Folds)
{
    /// <summary>Summarizes <paramref name="folds"/>, at least two values.</summary>
    public static MetricSpread Of(IReadOnlyList<double> folds)
    {
        var mean = folds.Average();
        return new MetricSpread(mean, Math.Sqrt(folds.Sum(v => (v - mean) * (v - mean)) / (folds.Count - 1)), folds);
    }
}
