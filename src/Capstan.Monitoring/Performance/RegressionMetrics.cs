namespace Capstan.Monitoring.Performance;

/// <summary>The mean absolute error, root mean squared error and R² of predicted values against true ones, as scikit-learn computes them.</summary>
/// <remarks>Thread-safe.</remarks>
public static class RegressionMetrics
{
    /// <summary>The figures for paired true and predicted values (at least one pair).</summary>
    /// <returns>R² is null with fewer than two pairs; when every true value is the same it is 1 for a perfect prediction and 0 otherwise, as scikit-learn's <c>force_finite</c> gives.</returns>
    public static (double Mae, double Rmse, double? R2) Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        if (truth.Length != predicted.Length || truth.Length == 0)
            throw new ArgumentException($"There are {truth.Length} true values and {predicted.Length} predicted ones.");
        double absolute = 0, squared = 0, mean = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var error = truth[i] - predicted[i];
            absolute += Math.Abs(error);
            squared += error * error;
            mean += truth[i];
        }
        mean /= truth.Length;
        double spread = 0;
        foreach (var t in truth)
            spread += (t - mean) * (t - mean);
        double? r2 = truth.Length < 2 ? null : spread == 0 ? (squared == 0 ? 1 : 0) : 1 - squared / spread;
        return (absolute / truth.Length, Math.Sqrt(squared / truth.Length), r2);
    }
}
