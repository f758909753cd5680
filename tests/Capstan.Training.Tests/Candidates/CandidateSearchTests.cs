using System.IO.Compression;
using Capstan.Testing.Files;
using Capstan.Training.Candidates;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Capstan.Training.Tests.Candidates;

public sealed class CandidateSearchTests
{
    private static readonly PipelineRunner Runner = Weather.Runner();

    [Fact]
    public void Search_CrossValidatesEveryTrialWithMeanAndSpread()
    {
        var spec = Weather.Spec(Weather.Yaml(evaluation: "evaluation: {holdout: random, fraction: 0.2, folds: 4}"));
        var table = Weather.Load(spec);
        var partition = DataPartition.Create(table, spec.Evaluation, spec.Search.Seed).Value;

        var search = CandidateSearch.Run(spec, table, partition, null, TestContext.Current.CancellationToken).Value;

        Assert.Equal(4, partition.Folds.Count);
        Assert.Equal(partition.Train.Order(), partition.Folds.SelectMany(f => f).Order());
        foreach (var trial in search.Trials)
        {
            var spread = trial.CrossValidation["macro_accuracy"];
            Assert.Equal(4, spread.Folds.Count);
            Assert.Equal(spread.Folds.Average(), spread.Mean, 1e-12);
            var variance = spread.Folds.Sum(v => (v - spread.Mean) * (v - spread.Mean)) / 3;
            Assert.Equal(Math.Sqrt(variance), spread.StandardDeviation, 1e-12);
            Assert.True(spread.StandardDeviation > 0);
            Assert.Equal(trial.Holdout.Keys, trial.CrossValidation.Keys);
        }
    }

    [Fact]
    public void Search_KeepsTheBestTrialByTheGatesMetric_AndDrawsWithinTheRanges()
    {
        var spec = Weather.Spec(Weather.Yaml(candidates: """
              - trainer: lightgbm
                parameters: {number_of_iterations: {min: 5, max: 40}, number_of_leaves: [2, 4, 8]}
              - trainer: sdca
                parameters: {l2_regularization: {min: 0.001, max: 1, scale: log}}
            """, gate: "gate: {metric: log_loss}").Replace("trials: 2", "trials: 3"));
        var table = Weather.Load(spec);
        var partition = DataPartition.Create(table, spec.Evaluation, spec.Search.Seed).Value;

        var search = CandidateSearch.Run(spec, table, partition, null, TestContext.Current.CancellationToken).Value;

        Assert.Equal(6, search.Trials.Count);
        Assert.Equal(search.Trials.MinBy(t => t.Holdout["log_loss"]), search.Best);
        Assert.All(search.Trials.Where(t => t.Trainer == TrainerKind.LightGbm), t =>
        {
            Assert.InRange(t.Parameters["number_of_iterations"], 5, 40);
            Assert.Equal(Math.Floor(t.Parameters["number_of_iterations"]), t.Parameters["number_of_iterations"]);
            Assert.Contains(t.Parameters["number_of_leaves"], new[] { 2.0, 4, 8 });
        });
        Assert.All(search.Trials.Where(t => t.Trainer == TrainerKind.Sdca), t => Assert.InRange(t.Parameters["l2_regularization"], 0.001, 1));
        Assert.True(search.Trials.Select(t => t.Parameters.Values.First()).Distinct().Count() > 2, "the trials draw different values");
    }

    [Fact]
    public void Partition_HoldsOutTheLatestRowsForATimeOrderedHoldout()
    {
        var spec = Weather.Spec(Weather.Yaml());
        var table = Weather.Load(spec);

        var partition = DataPartition.Create(table, spec.Evaluation, spec.Search.Seed).Value;

        Assert.Equal(292, partition.Holdout.Length);
        Assert.Equal(1461 - 292, partition.Train.Length);
        var firstHeldOut = partition.Holdout.Min(r => table.Times![r]);
        Assert.Equal(new DateTime(2015, 3, 15, 0, 0, 0, DateTimeKind.Utc), firstHeldOut);
        Assert.All(partition.Train, r => Assert.True(table.Times![r] < firstHeldOut));
    }

    [Fact]
    public void Partition_RefusesAHoldoutWithOneClassOnly()
    {
        var spec = Weather.Spec(Weather.Yaml("binary", "{name: weather, positive: snow}", evaluation: "evaluation: {holdout: time, fraction: 0.05}"));

        var result = DataPartition.Create(Weather.Load(spec), spec.Evaluation, spec.Search.Seed);

        Assert.Contains("The holdout (73 rows) has only negative rows, so AUC and F1 are undefined", result.Error.Message);
    }

    [Fact]
    public void MulticlassMetrics_AgreeWithMlNetsEvaluator()
    {
        var spec = Weather.Spec(Weather.Yaml(evaluation: "evaluation: {holdout: random, fraction: 0.3}"));
        var table = Weather.Load(spec);
        var partition = DataPartition.Create(table, spec.Evaluation, spec.Search.Seed).Value;
        var ml = new MLContext(1);
        var train = new TableDataView(table, partition.Train);
        var model = (IEnumerable<ITransformer>)ModelPipeline.Fit(ml, table, TrainerKind.LightGbm, new Dictionary<string, double>(), 1, train);
        var ours = CandidateSearch.Measure(ml, (ITransformer)model, table, partition.Holdout).Value;

        var toKeys = ml.Transforms.Conversion.MapValueToKey("weather", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(train);
        var withoutNames = new TransformerChain<ITransformer>([.. model.Take(model.Count() - 1)]);
        var theirs = ml.MulticlassClassification.Evaluate(withoutNames.Transform(toKeys.Transform(new TableDataView(table, partition.Holdout))), "weather");

        Assert.Equal(theirs.MicroAccuracy, ours["micro_accuracy"], 1e-9);
        Assert.Equal(theirs.MacroAccuracy, ours["macro_accuracy"], 1e-9);
        Assert.Equal(theirs.LogLoss, ours["log_loss"], 1e-6);
    }

    [Fact]
    public async Task Run_WritesZipEntriesWithAFixedTimeAndAModelThatNeedsNoLabel()
    {
        using var output = new TempDirectory();
        var run = (await Runner.RunAsync(Weather.Spec(Weather.Yaml()), null, output.Path, null, TestContext.Current.CancellationToken)).Value;

        await using (var zip = await ZipFile.OpenReadAsync(run.MlNet.Path, TestContext.Current.CancellationToken))
            Assert.All(zip.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        var ml = new MLContext();
        var model = ml.Model.Load(run.MlNet.Path, out var inputs);
        Assert.Equal(["precipitation", "temp_max", "temp_min", "wind"], inputs.Select(c => c.Name));
        var scored = model.Transform(new TableDataView(Weather.Load(Weather.Spec(Weather.Yaml())), [0, 1, 2], withLabel: false));
        Assert.Equal(TextDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        Assert.All(scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel"), p => Assert.Contains(p.ToString(), new[] { "drizzle", "fog", "rain", "snow", "sun" }));
    }
}
