using Capstan.Testing.Files;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Support;

namespace Capstan.Training.Tests.Pipelines;

public sealed class PipelineRunnerTests
{
    private static readonly PipelineRunner Runner = new(new FileAndSqlDataSource(Path.GetTempPath(), new TrainingOptions()), new TrainingOptions());

    [Fact]
    public async Task Run_TrainsAndWritesTheModelWithItsLineage()
    {
        using var output = new TempDirectory();
        var spec = Weather.Spec(Weather.Yaml(extra: "export: {onnx: true}"));

        var result = await Runner.RunAsync(spec, null, output.Path, null, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.Error.Message);
        var run = result.Value;
        Assert.Equal(spec.Hash, run.SpecHash);
        Assert.Equal(1461, run.Rows);
        Assert.Equal(2, run.Trials.Count);
        Assert.True(File.Exists(run.MlNet.Path));
        Assert.Null(run.OnnxSkipped);
    }
}
