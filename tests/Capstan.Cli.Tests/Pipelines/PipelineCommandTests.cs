using System.Net.Http.Json;
using Capstan.Cli.Application;
using Capstan.Cli.Pipelines;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Pipelines;

namespace Capstan.Cli.Tests.Pipelines;

public sealed class PipelineCommandTests : LiveServerCommandTests
{
    private static string Spec(string gate) => """
        name: weather
        model: seattle-weather
        source: {csv: early.csv}
        columns:
          features: {precipitation: numeric, temp_max: numeric, temp_min: numeric, wind: numeric}
          label: weather
          time: date
        task: multiclass
        candidates:
          - trainer: lightgbm
            parameters:
              number_of_iterations: {min: 20, max: 40}
        search: {trials: 2, seed: 7}
        evaluation: {holdout: time, fraction: 0.2}
        """ + "\n" + gate + "\n";

    private void WriteTrainingData()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Capstan.slnx")))
            root = root.Parent!;
        var lines = File.ReadAllLines(Path.Combine(root.FullName, "data", "seattle-weather.csv"));
        Directory.CreateDirectory(Path.Combine(Server.DataDirectory, "training"));
        File.WriteAllLines(Path.Combine(Server.DataDirectory, "training", "early.csv"), [lines[0], .. lines.Skip(1).Where(l => string.CompareOrdinal(l, "2014-01-01") < 0)]);
    }

    [Fact]
    public async Task Apply_FromAGitWorkingTree_RecordsItsCommitForTheLineageOfWhatThePipelineTrains()
    {
        using var repository = GitRepository.InitWithCommit();
        var file = System.IO.Path.Combine(repository.Path, "pipeline.yaml");
        await File.WriteAllTextAsync(file, Spec("gate: {metric: macro_accuracy}"), TestContext.Current.CancellationToken);

        await SucceedAsync("pipeline", "apply", "-f", file);

        Assert.Equal(repository.Head, (await Server.Http.GetFromJsonAsync<PipelineInfo>("/api/v1/pipelines/weather", Capstan.Core.Serialization.CapstanJson.Options, TestContext.Current.CancellationToken))!.CodeCommit);
    }

    [Fact]
    public async Task Apply_Run_Runs_Show_AndCancel_FollowARunFromTheSpecFileToItsRegisteredVersion()
    {
        WriteTrainingData();
        var file = Files.Write("pipeline.yaml", Spec("gate: {metric: macro_accuracy}"));

        var applied = (await SucceedAsync("pipeline", "apply", "-f", file)).Output;
        var again = (await SucceedAsync("pipeline", "apply", "-f", file)).Output;
        var listed = (await SucceedAsync("pipelines")).Output;
        var run = await RunAsync("pipeline", "run", "weather", "--wait", "--poll", "0.1", "--json");
        var finished = System.Text.Json.JsonSerializer.Deserialize<PipelineRun>(run.Output, Capstan.Core.Serialization.CapstanJson.Options)!;
        var runs = (await SucceedAsync("runs", "weather")).Output;
        var shown = (await SucceedAsync("run", "show", finished.Id)).Output;
        var cancel = await RunAsync("run", "cancel", finished.Id);

        Assert.Contains("Applied pipeline weather for model seattle-weather: revision 1", applied);
        Assert.Contains("Pipeline weather is unchanged: revision 1", again);
        Assert.Matches(@"weather\s*│\s*seattle-weather\s*│\s*1\s*│", listed);
        Assert.Equal((ExitCodes.Ok, RunStatus.Succeeded, "seattle-weather:1"), (run.ExitCode, finished.Status, finished.RegisteredVersion));
        Assert.Matches($@"{finished.Id}\s*│\s*weather\s*│\s*manual\s*│\s*succeeded\s*│.*│\s*macro_accuracy [0-9.]+\s*│\s*seattle-weather:1", runs.Replace("\n", " "));
        Assert.Contains("Gate: passed: The gate has no rules, so any candidate passes.", shown);
        Assert.Contains("Registered seattle-weather:1 (parent -).", shown);
        Assert.Contains("lightgbm", shown);
        Assert.Contains("Log:", shown);
        Assert.Equal((ExitCodes.Conflict, $"error: Run {finished.Id} has already ended: succeeded."), (cancel.ExitCode, cancel.Errors.Trim()));
    }

    [Fact]
    public async Task RunWait_ExitsWithTheRejectedCode_WhenTheGateRefusesTheCandidate()
    {
        WriteTrainingData();
        await SucceedAsync("pipeline", "apply", "-f", Files.Write("pipeline.yaml", Spec("gate: {metric: macro_accuracy, threshold: 0.99}")));

        var run = await RunAsync("pipeline", "run", "weather", "--wait", "--poll", "0.1");
        var missing = await RunAsync("pipeline", "apply", "-f", Files.Combine("missing.yaml"));

        Assert.Equal(PipelineRunCommand.Rejected, run.ExitCode);
        Assert.Contains("rejected", run.Output);
        Assert.Contains("the candidate fails the gate, nothing was registered: threshold", run.Output.Replace("\n", ""));
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
    }
}
