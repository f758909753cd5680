namespace Capstan.Monitoring.Performance;

/// <summary>The mean negative log-likelihood of the true classes, as scikit-learn's <c>log_loss</c> computes it with <c>eps=1e-15</c>.</summary>
/// <remarks>Probabilities are clipped to [1e-15, 1 - 1e-15] so that a confident mistake costs a large but finite amount; a row of several classes is then divided by its sum. Thread-safe.</remarks>
public static class LogLoss
{
    /// <summary>The clipping bound.</summary>
    public const double Epsilon = 1e-15;

    /// <summary>The loss of a binary classifier: <paramref name="truth"/> is 1 for the positive class, <paramref name="probabilities"/> the positive class's probability.</summary>
    public static double Binary(ReadOnlySpan<int> truth, ReadOnlySpan<double> probabilities)
    {
        if (truth.Length != probabilities.Length || truth.Length == 0)
            throw new ArgumentException($"There are {truth.Length} classes and {probabilities.Length} probabilities.");
        double sum = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= Math.Log(truth[i] == 1 ? p : 1 - p);
        }
        return sum / truth.Length;
    }

    /// <summary>The loss of a multiclass classifier: <paramref name="truth"/> holds class indices into each row of <paramref name="probabilities"/>.</summary>
    public static double Multiclass(IReadOnlyList<int> truth, IReadOnlyList<double[]> probabilities)
    {
        if (truth.Count != probabilities.Count || truth.Count == 0)
            throw new ArgumentException($"There are {truth.Count} classes and {probabilities.Count} rows of probabilities.");
        double sum = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var row = probabilities[i];
            double total = 0;
            foreach (var p in row)
                total += Math.Clamp(p, Epsilon, 1 - Epsilon);
            sum -= Math.Log(Math.Clamp(row[truth[i]], Epsilon, 1 - Epsilon) / total);
        }
        return sum / truth.Count;
    }
}
