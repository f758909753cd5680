using Capstan.Core.Errors;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Candidates;

/// <summary>Which rows of a table train, which are held out, and how the training rows fold for cross-validation.</summary>
/// <param name="Train">The training rows, by table index.</param>
/// <param name="Holdout">The held-out rows, by table index, on which candidate and champion are compared.</param>
/// <param name="Folds">The cross-validation folds of the training rows (each fold's rows are its validation part); empty without cross-validation.</param>
public sealed record DataPartition(int[] Train, int[] Holdout, IReadOnlyList<int[]> Folds)
{
    /// <summary>Splits <paramref name="table"/> as <paramref name="evaluation"/> says, seeded with <paramref name="seed"/>.</summary>
    /// <remarks>
    /// A time-ordered holdout is the latest rows by the time column (ties keep the source order); a random one a seeded
    /// shuffle. Folds are a seeded shuffle of the training rows in contiguous parts. A classification holdout or fold
    /// that misses a class the metrics need is an error, since its metrics would mean nothing.
    /// </remarks>
    public static Result<DataPartition> Create(TrainingTable table, EvaluationSpec evaluation, int seed)
    {
        var holdoutCount = (int)Math.Round(table.RowCount * evaluation.Fraction);
        if (holdoutCount < 1 || table.RowCount - holdoutCount < 2)
            return Error.InvalidInput($"{table.RowCount} rows are too few to hold out {evaluation.Fraction:0.##} of them and train on the rest.");
        var order = Enumerable.Range(0, table.RowCount).ToArray();
        if (evaluation.Holdout == HoldoutKind.Time)
            order = [.. order.OrderBy(i => table.Times![i]).ThenBy(i => i)];
        else
            new Random(seed).Shuffle(order);
        var train = order[..^holdoutCount];
        var holdout = order[^holdoutCount..];
        var folds = new List<int[]>();
        if (evaluation.Folds > 0)
        {
            if (train.Length < evaluation.Folds * 2)
                return Error.InvalidInput($"{train.Length} training rows are too few for {evaluation.Folds} folds.");
            var shuffled = train.ToArray();
            new Random(seed + 1).Shuffle(shuffled);
            for (var k = 0; k < evaluation.Folds; k++)
                folds.Add(shuffled[(k * shuffled.Length / evaluation.Folds)..((k + 1) * shuffled.Length / evaluation.Folds)]);
        }
        if (table.BinaryLabels is { } labels)
        {
            foreach (var (name, rows) in folds.Select((f, i) => ($"cross-validation fold {i + 1}", f)).Prepend(("holdout", holdout)))
            {
                var positives = rows.Count(r => labels[r]);
                if (positives == 0 || positives == rows.Length)
                    return Error.InvalidInput($"The {name} ({rows.Length} rows) has only {(positives == 0 ? "negative" : "positive")} rows, so AUC and F1 are undefined; hold out more rows or use more data.");
            }
        }
        return new DataPartition(train, holdout, folds);
    }
}
