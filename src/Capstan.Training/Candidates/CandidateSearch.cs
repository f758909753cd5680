using Capstan.Core.Errors;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Microsoft.ML;

namespace Capstan.Training.Candidates;

/// <summary>Seeded random search over each candidate's hyperparameter ranges: trains every trial, evaluates it on the holdout and across the folds, and keeps the best.</summary>
/// <remarks>
/// Each candidate draws its trials from a <see cref="Random"/> seeded with the spec's seed and the candidate's index,
/// and every fit uses an ML.NET context seeded the same way, on one thread: the same table, spec and seed give the
/// same trials, metrics and model. Cancellation stops the fit in progress (ML.NET's own cancellation) and throws
/// <see cref="OperationCanceledException"/>. Stateless and safe to call concurrently.
/// </remarks>
public static class CandidateSearch
{
    /// <summary>ML.NET's own cancellation (<c>MLContext.CancelExecution</c>, which its trainers check between iterations); internal to ML.NET, so reached by reflection.</summary>
    private static readonly System.Reflection.MethodInfo? CancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, []);

    /// <summary>Runs the search of <paramref name="spec"/> on <paramref name="table"/> split by <paramref name="partition"/>.</summary>
    public static Result<SearchOutcome> Run(PipelineSpec spec, TrainingTable table, DataPartition partition, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        var trials = new List<TrialResult>();
        var fitsPerTrial = 1 + partition.Folds.Count;
        var total = spec.Candidates.Count * spec.Search.Trials * fitsPerTrial;
        var done = 0;
        var metric = spec.Gate.Metric;
        var sign = spec.Gate.GreaterIsBetter ? 1 : -1;
        (TrialResult Trial, ITransformer Model)? best = null;
        for (var c = 0; c < spec.Candidates.Count; c++)
        {
            var candidate = spec.Candidates[c];
            var random = new Random(unchecked(spec.Search.Seed * 7919 + c));
            var integers = TrainerCatalog.Parameters(candidate.Trainer).Where(p => p.Integer).Select(p => p.Name).ToHashSet();
            for (var t = 0; t < spec.Search.Trials; t++)
            {
                var parameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
                foreach (var (name, range) in candidate.Parameters)
                    parameters[name] = range.Draw(random, integers.Contains(name));
                var seed = unchecked(spec.Search.Seed + c * 1000 + t);
                if (!Fit(table, candidate.Trainer, parameters, seed, partition.Train, partition.Holdout, cancellationToken).TryGetValue(out var fitted, out var error))
                    return error;
                Report(progress, ref done, total, $"{TrainerCatalog.SpecName(candidate.Trainer)} trial {t + 1}: {metric} {fitted.Metrics[metric]:0.####}");
                var folds = new List<SortedDictionary<string, double>>();
                for (var k = 0; k < partition.Folds.Count; k++)
                {
                    var validation = partition.Folds[k];
                    var foldTrain = partition.Train.Except(validation).ToArray();
                    if (!Fit(table, candidate.Trainer, parameters, seed, foldTrain, validation, cancellationToken).TryGetValue(out var fold, out error))
                        return error;
                    folds.Add(fold.Metrics);
                    Report(progress, ref done, total, $"{TrainerCatalog.SpecName(candidate.Trainer)} trial {t + 1}, fold {k + 1}: {metric} {fold.Metrics[metric]:0.####}");
                }
                var spread = folds.Count == 0
                    ? new SortedDictionary<string, MetricSpread>(StringComparer.Ordinal)
                    : new SortedDictionary<string, MetricSpread>(fitted.Metrics.Keys.ToDictionary(m => m, m => MetricSpread.Of([.. folds.Select(f => f[m])])), StringComparer.Ordinal);
                var trial = new TrialResult(c, t, candidate.Trainer, parameters, fitted.Metrics, spread);
                trials.Add(trial);
                if (best is null || sign * trial.Holdout[metric] > sign * best.Value.Trial.Holdout[metric])
                    best = (trial, fitted.Model);
            }
        }
        return new SearchOutcome(trials, best!.Value.Trial, best.Value.Model);
    }

    /// <summary>Trains on <paramref name="train"/> and measures on <paramref name="evaluate"/>.</summary>
    internal static Result<(ITransformer Model, SortedDictionary<string, double> Metrics)> Fit(
        TrainingTable table, TrainerKind trainer, IReadOnlyDictionary<string, double> parameters, int seed, int[] train, int[] evaluate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ml = new MLContext(seed);
        using var cancel = cancellationToken.Register(() => CancelExecution?.Invoke(ml, null));
        try
        {
            var model = ModelPipeline.Fit(ml, table, trainer, parameters, seed, new TableDataView(table, train));
            return Measure(ml, model, table, evaluate).Map(metrics => (model, metrics));
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && IsCancellation(e))
        {
            throw new OperationCanceledException("The training run was cancelled.", cancellationToken);
        }
    }

    /// <summary>The metrics of <paramref name="model"/> on <paramref name="rows"/> of <paramref name="table"/>.</summary>
    internal static Result<SortedDictionary<string, double>> Measure(MLContext ml, ITransformer model, TrainingTable table, int[] rows) =>
        ModelMetrics.Evaluate(ml, model.Transform(new TableDataView(table, rows)), table.Task, table.Columns.Label.Name,
            table.ClassLabels is { } classes ? [.. rows.Select(r => classes[r])] : null);

    /// <summary>Whether <paramref name="exception"/> is ML.NET giving up because it was cancelled: a cancellation, or several from parallel workers.</summary>
    private static bool IsCancellation(Exception exception) =>
        exception is OperationCanceledException || (exception is AggregateException aggregate && aggregate.Flatten().InnerExceptions.All(e => e is OperationCanceledException));

    private static void Report(IProgress<PipelineProgress>? progress, ref int done, int total, string message) =>
        progress?.Report(new PipelineProgress(PipelineStage.Training, ++done, total, message));
}
