using Capstan.Core.Errors;
using Capstan.Training.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Training.Candidates;

/// <summary>Computes a task's metrics (see <see cref="MetricCatalog"/>) from scored rows.</summary>
/// <remarks>
/// Binary and regression metrics are ML.NET's evaluators'. Multiclass metrics are computed here from the <c>Score</c>
/// vector, whose slot names say which class each score is for, and each row's true class, so that any model that keeps
/// its classes with its scores (every ML.NET multiclass model does) is measured the same way, whatever order its
/// classes are in. They agree with ML.NET's multiclass evaluator (a test checks it): micro accuracy is the share right,
/// macro accuracy the mean of the per-class recalls over the classes present, log loss the mean of -ln p(true class)
/// with p clamped at 1e-15. A true class the model has never seen counts as wrong with p = 0.
/// </remarks>
internal static class ModelMetrics
{
    /// <summary>The metrics of <paramref name="scored"/>; for multiclass, <paramref name="classes"/> are the true classes of its rows, in order.</summary>
    public static Result<SortedDictionary<string, double>> Evaluate(MLContext ml, IDataView scored, TrainingTask task, string label, IReadOnlyList<string>? classes = null)
    {
        switch (task)
        {
            case TrainingTask.Binary:
            {
                var m = ml.BinaryClassification.Evaluate(scored, label);
                return Sorted(("accuracy", m.Accuracy), ("auc", m.AreaUnderRocCurve), ("f1", m.F1Score), ("log_loss", m.LogLoss),
                    ("precision", m.PositivePrecision), ("recall", m.PositiveRecall));
            }
            case TrainingTask.Regression:
            {
                var m = ml.Regression.Evaluate(scored, label);
                return Sorted(("mae", m.MeanAbsoluteError), ("r2", m.RSquared), ("rmse", m.RootMeanSquaredError));
            }
            default:
                return Multiclass(scored, classes!);
        }
    }

    private static Result<SortedDictionary<string, double>> Multiclass(IDataView scored, IReadOnlyList<string> classes)
    {
        if (scored.Schema.GetColumnOrNull("Score") is not { Type: VectorDataViewType { ItemType: NumberDataViewType } } scoreColumn
            || !scoreColumn.HasSlotNames())
            return Error.InvalidInput("The model has no Score column with a slot name per class, as ML.NET's multiclass models have.");
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scoreColumn.GetSlotNames(ref slotNames);
        var slots = slotNames.DenseValues().Select((name, i) => (Name: name.ToString(), Index: i)).ToDictionary(s => s.Name, s => s.Index, StringComparer.Ordinal);
        var perClass = new Dictionary<string, (long Right, long Total)>(StringComparer.Ordinal);
        long right = 0, total = 0;
        double logLoss = 0;
        using var cursor = scored.GetRowCursor([scoreColumn]);
        var getScore = cursor.GetGetter<VBuffer<float>>(scoreColumn);
        var score = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getScore(ref score);
            var values = score.DenseValues().ToArray();
            var predicted = 0;
            for (var i = 1; i < values.Length; i++)
            {
                if (values[i] > values[predicted])
                    predicted = i;
            }
            var truth = classes[(int)total];
            var slot = slots.GetValueOrDefault(truth, -1);
            var hit = predicted == slot;
            total++;
            right += hit ? 1 : 0;
            var (classRight, classTotal) = perClass.GetValueOrDefault(truth);
            perClass[truth] = (classRight + (hit ? 1 : 0), classTotal + 1);
            logLoss -= Math.Log(Math.Max(slot >= 0 ? values[slot] : 0, 1e-15));
        }
        return Sorted(("log_loss", logLoss / total), ("macro_accuracy", perClass.Values.Average(c => (double)c.Right / c.Total)), ("micro_accuracy", (double)right / total));
    }

    private static SortedDictionary<string, double> Sorted(params (string Name, double Value)[] metrics) =>
        new(metrics.ToDictionary(m => m.Name, m => m.Value), StringComparer.Ordinal);
}
