using Capstan.Core.Performance;

namespace Capstan.Monitoring.Performance;

/// <summary>The samples and counts of one group of predictions (a version's bucket, a version, a model), and the figures they give.</summary>
/// <remarks>A mutable accumulator; not thread-safe.</remarks>
/// <param name="task">The task every sample belongs to, or null for a group of mixed tasks, which keeps only counts.</param>
/// <param name="probabilities">Whether scores are probabilities, so that log loss applies.</param>
internal sealed class Samples(PerformanceTask? task, bool probabilities)
{
    private readonly List<Sample> _samples = [];
    private long _unmatched;
    private long _skipped;

    /// <summary>Counts a prediction with no label.</summary>
    public void AddUnmatched() => _unmatched++;

    /// <summary>Counts a labelled prediction that could not be scored.</summary>
    public void AddSkipped() => _skipped++;

    /// <summary>Adds a joined prediction.</summary>
    public void Add(Sample sample) => _samples.Add(sample);

    /// <summary>The counts and the figures of the task.</summary>
    public PerformanceFigures Figures()
    {
        var counts = new PerformanceFigures(_samples.Count, _unmatched, _skipped);
        if (_samples.Count == 0)
            return counts;
        return task switch
        {
            PerformanceTask.Binary => Binary(counts),
            PerformanceTask.Multiclass => Multiclass(counts),
            PerformanceTask.Regression => Regression(counts),
            _ => counts,
        };
    }

    private PerformanceFigures Binary(PerformanceFigures counts)
    {
        var classified = _samples.Where(s => s.PredictedClass >= 0).ToList();
        var scored = _samples.Where(s => !double.IsNaN(s.Score)).ToList();
        if (classified.Count > 0)
        {
            var (accuracy, precision, recall, f1) = ClassificationMetrics.Binary(
                classified.Select(s => s.TruthClass).ToArray(), classified.Select(s => s.PredictedClass).ToArray());
            counts = counts with { Accuracy = accuracy, Precision = precision, Recall = recall, F1 = f1 };
        }
        if (scored.Count == 0)
            return counts;
        var truth = scored.Select(s => s.TruthClass).ToArray();
        var scores = scored.Select(s => s.Score).ToArray();
        return counts with
        {
            Auc = RocAuc.Binary(truth, scores),
            LogLoss = probabilities && scores.All(p => p is >= 0 and <= 1) ? LogLoss.Binary(truth, scores) : null,
        };
    }

    private PerformanceFigures Multiclass(PerformanceFigures counts)
    {
        var classified = _samples.Where(s => s.PredictedName is not null).ToList();
        if (classified.Count > 0)
        {
            var (accuracy, precision, recall, f1) = ClassificationMetrics.Macro(
                classified.Select(s => s.TruthName!).ToList(), classified.Select(s => s.PredictedName!).ToList());
            counts = counts with { Accuracy = accuracy, Precision = precision, Recall = recall, F1 = f1 };
        }
        var scored = _samples.Where(s => s.Probabilities is not null).ToList();
        if (scored.Count == 0)
            return counts;
        var classes = scored[0].Probabilities!.Length;
        scored = scored.Where(s => s.Probabilities!.Length == classes).ToList();
        var truth = scored.Select(s => s.TruthClass).ToList();
        var rows = scored.Select(s => s.Probabilities!).ToList();
        return counts with
        {
            Auc = RocAuc.OneVsRest(truth, rows, classes),
            LogLoss = probabilities && rows.All(r => r.All(p => p is >= 0 and <= 1)) ? LogLoss.Multiclass(truth, rows) : null,
        };
    }

    private PerformanceFigures Regression(PerformanceFigures counts)
    {
        var (mae, rmse, r2) = RegressionMetrics.Compute(_samples.Select(s => s.Target).ToArray(), _samples.Select(s => s.Score).ToArray());
        return counts with { Mae = mae, Rmse = rmse, R2 = r2 };
    }
}
