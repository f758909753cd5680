using System.IO.Compression;
using Capstan.Core.Errors;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Training.Candidates;
using Capstan.Training.Data;
using Capstan.Training.Gates;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Candidates;
using Capstan.Training.Tests.Support;

namespace Capstan.Training.Tests.Gates;

public sealed class ChampionEvaluatorTests : IDisposable
{
    private static readonly PipelineRunner Runner = Weather.Runner();
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("binary", "fasttree")]
    [InlineData("multiclass", "lbfgs_maxent")]
    [InlineData("regression", "lightgbm")]
    public async Task Evaluate_GivesTheCandidatesOwnModelItsHoldoutMetrics_OnTheSameRows(string task, string trainer)
    {
        var spec = Weather.Spec(TrainerTests.Yaml(task, trainer));
        var run = await Run(spec, null, "first");

        var again = await Run(spec, run.MlNet.Path, "second");

        Assert.Equal(run.Best.Holdout, again.Champion);
    }

    [Theory]
    [InlineData("binary", "lbfgs_logistic", "auc")]
    [InlineData("regression", "sdca", "rmse")]
    public async Task Evaluate_MeasuresAnOnnxChampionLikeItsMlNetZip(string task, string trainer, string metric)
    {
        var spec = Weather.Spec(TrainerTests.Yaml(task, trainer));
        var run = await Run(spec, null, "first");

        var onnx = await Run(spec, run.Onnx!.Path, "second");

        Assert.Equal(run.Best.Holdout.Keys, onnx.Champion!.Keys);
        Assert.Equal(run.Best.Holdout[metric], onnx.Champion[metric], 1e-4);
    }

    [Fact]
    public async Task Evaluate_RefusesChampionsThatDoNotFitThePipeline()
    {
        var table = Weather.Load(Weather.Spec(TrainerTests.Yaml("binary", "fasttree")));
        var multiclass = Weather.Load(Weather.Spec(TrainerTests.Yaml("multiclass", "lightgbm")));
        int[] rows = [0, 1, 2, 3];
        File.WriteAllText(_directory.Combine("text.onnx"), "not a model");
        await using (var zip = new ZipArchive(File.Create(_directory.Combine("empty.zip")), ZipArchiveMode.Create))
            zip.CreateEntry("readme.txt");
        var multiclassRun = await Run(Weather.Spec(TrainerTests.Yaml("multiclass", "lightgbm")), null, "multi");

        Assert.Equal(ErrorCode.NotFound, ChampionEvaluator.Evaluate(_directory.Combine("none.zip"), table, rows).Error.Code);
        Assert.Contains("is not an ONNX model that loads", ChampionEvaluator.Evaluate(_directory.Combine("text.onnx"), table, rows).Error.Message);
        Assert.Contains("is not an ML.NET model that loads", ChampionEvaluator.Evaluate(_directory.Combine("empty.zip"), table, rows).Error.Message);
        Assert.Contains("does not take this pipeline's columns", ChampionEvaluator.Evaluate(TestModels.BreastCancerMlNet, table, rows).Error.Message);
        Assert.Contains("takes an input 'Features' that is not a feature of this pipeline", ChampionEvaluator.Evaluate(TestModels.BreastCancerOnnx, table, rows).Error.Message);
        Assert.Contains("An ONNX champion cannot be measured on a multiclass task", ChampionEvaluator.Evaluate(multiclassRun.Onnx!.Path, multiclass, rows).Error.Message);
    }

    private async Task<PipelineRunResult> Run(PipelineSpec spec, string? champion, string name) =>
        Weather.Succeeded(await Runner.RunAsync(spec, champion, _directory.Combine(name), null, TestContext.Current.CancellationToken));
}
