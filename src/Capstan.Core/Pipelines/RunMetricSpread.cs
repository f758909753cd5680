namespace Capstan.Core.Pipelines;

/// <summary>One metric over the cross-validation folds of a trial.</summary>
/// <param name="Mean">The mean over the folds.</param>
/// <param name="StandardDeviation">The sample standard deviation over the folds.</param>
/// <param name="Folds">The value on each fold, in fold order.</param>
public sealed record RunMetricSpread(double Mean, double StandardDeviation, IReadOnlyList<double> Folds);
