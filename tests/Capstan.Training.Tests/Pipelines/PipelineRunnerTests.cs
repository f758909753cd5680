using Capstan.Core.Errors;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Support;

namespace Capstan.Training.Tests.Pipelines;

public sealed class PipelineRunnerTests : IDisposable
{
    private static readonly PipelineRunner Runner = Weather.Runner();
    private readonly TempDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task Run_TrainsAndWritesTheModelWithItsLineage()
    {
        var spec = Weather.Spec(Weather.Yaml(extra: "export: {onnx: true}"));

        var run = (await Runner.RunAsync(spec, null, _output.Path, null, TestContext.Current.CancellationToken)).Value;

        Assert.Equal(spec.Hash, run.SpecHash);
        Assert.Equal(Weather.Load(spec).Fingerprint, run.DataFingerprint);
        Assert.Equal((1461, 1169, 292), (run.Rows, run.TrainRows, run.HoldoutRows));
        Assert.Equal(2, run.Trials.Count);
        Assert.Contains(run.Best, run.Trials);
        Assert.Null(run.Champion);
        Assert.True(run.LatencyP99Ms > 0);
        Assert.True(run.Gate.Passed);
        Assert.Equal(Path.Combine(_output.Path, PipelineRunner.MlNetFileName), run.MlNet.Path);
        Assert.Equal(Path.Combine(_output.Path, PipelineRunner.OnnxFileName), run.Onnx!.Path);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(run.MlNet.Path))), run.MlNet.Sha256);
        Assert.Null(run.OnnxSkipped);
    }

    [Fact]
    public async Task Run_ReportsProgressThroughEveryStage()
    {
        var reports = new List<PipelineProgress>();
        var progress = new SynchronousProgress(reports.Add);

        await Runner.RunAsync(Weather.Spec(Weather.Yaml(evaluation: "evaluation: {holdout: time, fraction: 0.2, folds: 3}")), null, _output.Path, progress, TestContext.Current.CancellationToken);

        Assert.Equal([PipelineStage.Loading, PipelineStage.Checking, PipelineStage.Training, PipelineStage.Latency, PipelineStage.Saving], reports.Select(r => r.Stage).Distinct());
        var training = reports.Where(r => r.Stage == PipelineStage.Training).ToList();
        Assert.Equal(Enumerable.Range(1, 8), training.Select(r => r.Done));
        Assert.All(training, r => Assert.Equal(8, r.Total));
        Assert.Contains("lightgbm trial 2, fold 3: macro_accuracy", training[^1].Message);
    }

    [Fact]
    public async Task Run_StopsPromptlyWhenCancelled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var trialsAfterCancel = 0;
        var progress = new SynchronousProgress(report =>
        {
            if (report.Stage != PipelineStage.Training)
                return;
            if (cancel.IsCancellationRequested)
                trialsAfterCancel++;
            cancel.Cancel();
        });
        var spec = Weather.Spec(Weather.Yaml().Replace("trials: 2", "trials: 500"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner.RunAsync(spec, null, _output.Path, progress, cancel.Token));

        Assert.Equal(0, trialsAfterCancel);
        Assert.False(File.Exists(Path.Combine(_output.Path, PipelineRunner.MlNetFileName)));
    }

    [Fact]
    public async Task Run_FailsOnDataChecksNamingEachAndTrainsNothing()
    {
        var spec = Weather.Spec(Weather.Yaml(extra: "checks: {min_rows: 5000, min_class_share: 0.05}"));

        var result = await Runner.RunAsync(spec, null, _output.Path, null, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        Assert.Contains("min_rows: the source has 1461 rows, fewer than the 5000 required.", result.Error.Message);
        Assert.Contains("min_class_share: the rarest class 'snow' is 1.8% of rows (26 of 1461), under the 5.0% required.", result.Error.Message);
        Assert.Empty(_output.Files());
    }

    [Fact]
    public async Task Run_FailsWhenTheChampionDoesNotTakeThePipelinesColumns()
    {
        var result = await Runner.RunAsync(Weather.Spec(Weather.Yaml()), TestModels.BreastCancerMlNet, _output.Path, null, TestContext.Current.CancellationToken);

        Assert.Contains("does not take this pipeline's columns", result.Error.Message);
    }

    [Fact]
    public async Task Run_FailsTheGateOnLatencyWithTheMeasuredValue()
    {
        var spec = Weather.Spec(Weather.Yaml(gate: "gate: {max_latency_p99_ms: 0.000001}"));

        var run = (await Runner.RunAsync(spec, null, _output.Path, null, TestContext.Current.CancellationToken)).Value;

        Assert.False(run.Gate.Passed);
        Assert.StartsWith($"max_latency_p99_ms: p99 latency {run.LatencyP99Ms.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} ms per row is over the bound of 0 ms.", run.Gate.Reason);
    }

    [Fact]
    public async Task Run_ReadsRelativePathsFromTheBaseDirectory()
    {
        File.Copy(Weather.CsvPath, _output.Combine("w.csv"));
        var result = await Weather.Runner(_output.Path).RunAsync(Weather.Spec(Weather.Yaml(source: "source: {csv: w.csv}")), null, _output.Combine("out"), null, TestContext.Current.CancellationToken);

        Assert.Equal(1461, Weather.Succeeded(result).Rows);
    }

    [Fact]
    public async Task Run_CancelsInsideAnMlNetFit()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var spec = Weather.Spec(Weather.Yaml("regression", "temp_max", candidates: "  - {trainer: fasttree, parameters: {number_of_trees: 5000, number_of_leaves: 64}}")
            .Replace("    temp_max: numeric\n", "").Replace("trials: 2", "trials: 1"));
        var progress = new SynchronousProgress(report =>
        {
            if (report.Stage == PipelineStage.Checking && report.Done == 1)
                cancel.CancelAfter(TimeSpan.FromSeconds(1));
        });

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner.RunAsync(spec, null, _output.Path, progress, cancel.Token));

        Assert.Equal("The training run was cancelled.", cancelled.Message);
    }

    [Fact]
    public async Task Run_FeaturizesCategoricalAndTextColumns()
    {
        var spec = Weather.Spec(Weather.Yaml("regression", "temp_max", candidates: "  - {trainer: lightgbm}", extra: "export: {onnx: true}")
            .Replace("temp_max: numeric", "weather: categorical").Replace("wind: numeric", "wind: numeric\n    season: text")
            .Replace($"csv: '{Weather.CsvPath}'", $"csv: '{_output.Combine("w.csv")}'"));
        File.WriteAllLines(_output.Combine("w.csv"), File.ReadLines(Weather.CsvPath).Select((line, i) => i == 0 ? line + ",season" : line + "," + Season(line)));

        var run = (await Runner.RunAsync(spec, null, _output.Combine("out"), null, TestContext.Current.CancellationToken)).Value;

        Assert.True(run.Best.Holdout["r2"] > 0.5, $"r2 {run.Best.Holdout["r2"]}");
        Assert.True(run.Onnx is not null ^ run.OnnxSkipped is not null);
        static string Season(string line) => int.Parse(line[5..7], System.Globalization.CultureInfo.InvariantCulture) switch
        {
            12 or 1 or 2 => "cold wet winter",
            >= 3 and <= 5 => "mild spring",
            >= 6 and <= 8 => "warm dry summer",
            _ => "cool autumn",
        };
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so a test sees every report before the run returns.</summary>
    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
