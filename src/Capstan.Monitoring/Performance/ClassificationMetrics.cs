namespace Capstan.Monitoring.Performance;

/// <summary>Accuracy, precision, recall and F1 of predicted classes against true ones, as scikit-learn computes them.</summary>
/// <remarks>A ratio whose denominator is zero (no predicted positives, no true positives) is 0, as scikit-learn's <c>zero_division=0</c> gives. Thread-safe.</remarks>
public static class ClassificationMetrics
{
    /// <summary>The figures of a binary classifier for the positive class 1; every value is 0 or 1, and the spans have the same length (at least one).</summary>
    public static (double Accuracy, double Precision, double Recall, double F1) Binary(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Check(truth.Length, predicted.Length);
        long tp = 0, fp = 0, fn = 0, right = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            if (truth[i] == predicted[i])
                right++;
            if (predicted[i] == 1)
            {
                if (truth[i] == 1)
                    tp++;
                else
                    fp++;
            }
            else if (truth[i] == 1)
                fn++;
        }
        var (precision, recall, f1) = PerClass(tp, fp, fn);
        return ((double)right / truth.Length, precision, recall, f1);
    }

    /// <summary>The figures of a multiclass classifier: accuracy, and precision, recall and F1 averaged over every class that is true or predicted at least once (macro average).</summary>
    public static (double Accuracy, double Precision, double Recall, double F1) Macro(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        Check(truth.Count, predicted.Count);
        var counts = new Dictionary<string, (long Tp, long Fp, long Fn)>(StringComparer.Ordinal);
        long right = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var (t, p) = (truth[i], predicted[i]);
            if (t == p)
            {
                right++;
                counts[t] = Add(counts, t, tp: 1, fp: 0, fn: 0);
                continue;
            }
            counts[p] = Add(counts, p, tp: 0, fp: 1, fn: 0);
            counts[t] = Add(counts, t, tp: 0, fp: 0, fn: 1);
        }
        double precision = 0, recall = 0, f1 = 0;
        foreach (var (tp, fp, fn) in counts.Values)
        {
            var one = PerClass(tp, fp, fn);
            precision += one.Precision;
            recall += one.Recall;
            f1 += one.F1;
        }
        return ((double)right / truth.Count, precision / counts.Count, recall / counts.Count, f1 / counts.Count);
    }

    private static (double Precision, double Recall, double F1) PerClass(long tp, long fp, long fn) =>
        (tp + fp == 0 ? 0 : (double)tp / (tp + fp), tp + fn == 0 ? 0 : (double)tp / (tp + fn), tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn));

    private static (long Tp, long Fp, long Fn) Add(Dictionary<string, (long Tp, long Fp, long Fn)> counts, string label, long tp, long fp, long fn)
    {
        var (t, f, n) = counts.GetValueOrDefault(label);
        return (t + tp, f + fp, n + fn);
    }

    private static void Check(int truth, int predicted)
    {
        if (truth != predicted)
            throw new ArgumentException($"There are {truth} true classes but {predicted} predicted ones.");
        if (truth == 0)
            throw new ArgumentException("There are no classes to compare.");
    }
}
