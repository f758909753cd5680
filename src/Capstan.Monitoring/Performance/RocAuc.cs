namespace Capstan.Monitoring.Performance;

/// <summary>The area under the ROC curve, as scikit-learn's <c>roc_auc_score</c> computes it: tied scores count half.</summary>
/// <remarks>Computed as the Mann–Whitney U statistic over average ranks, which equals the trapezoidal area under the ROC curve. Thread-safe.</remarks>
public static class RocAuc
{
    /// <summary>The area for a binary classifier: <paramref name="truth"/> is 1 for the positive class and 0 otherwise; null when only one class occurs.</summary>
    public static double? Binary(ReadOnlySpan<int> truth, ReadOnlySpan<double> scores)
    {
        if (truth.Length != scores.Length)
            throw new ArgumentException($"There are {truth.Length} classes but {scores.Length} scores.");
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        long positives = 0;
        double positiveRanks = 0;
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
                end++;
            var rank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                if (truth[order[k]] == 1)
                {
                    positives++;
                    positiveRanks += rank;
                }
            }
            start = end;
        }
        var negatives = truth.Length - positives;
        if (positives == 0 || negatives == 0)
            return null;
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>The mean of each class's one-vs-rest area, for class indices 0 to <paramref name="classes"/> - 1 and a row of probabilities per prediction; null unless every class occurs in <paramref name="truth"/>.</summary>
    public static double? OneVsRest(IReadOnlyList<int> truth, IReadOnlyList<double[]> probabilities, int classes)
    {
        var isClass = new int[truth.Count];
        var scores = new double[truth.Count];
        double sum = 0;
        for (var c = 0; c < classes; c++)
        {
            for (var i = 0; i < truth.Count; i++)
            {
                isClass[i] = truth[i] == c ? 1 : 0;
                scores[i] = probabilities[i][c];
            }
            if (Binary(isClass, scores) is not { } area)
                return null;
            sum += area;
        }
        return sum / classes;
    }
}
