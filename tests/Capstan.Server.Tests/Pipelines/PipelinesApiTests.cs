using System.Net;
using System.Text;
using Capstan.Core.Pipelines;
using Capstan.Core.Registry;
using Capstan.Server.Tests.Support;

namespace Capstan.Server.Tests.Pipelines;

/// <summary>The pipelines and runs routes on a real server: applying specs, refusing bad ones precisely, and a manual run that registers a model with its lineage.</summary>
public sealed class PipelinesApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_StoresTheSpec_AndTheSameSpecAgainIsUnchanged()
    {
        await using var server = await PipelineServer.StartAsync();
        var spec = PipelineServer.Spec("weather", "early.csv");

        var first = await server.ApplyAsync("weather", spec);
        var again = await server.ApplyAsync("weather", spec.Replace("search: {trials: 2, seed: 7}", "search: {seed: 7, trials: 2}"));
        var changed = await server.ApplyAsync("weather", spec.Replace("trials: 2", "trials: 3"));

        Assert.True(first.Changed);
        Assert.Equal((false, 1L, first.Pipeline.SpecHash), (again.Changed, again.Pipeline.Revision, again.Pipeline.SpecHash));
        Assert.Equal((true, 2L), (changed.Changed, changed.Pipeline.Revision));
        Assert.NotEqual(first.Pipeline.SpecHash, changed.Pipeline.SpecHash);
        var listed = Assert.Single(await server.Http.GetOkAsync<List<PipelineInfo>>("/api/v1/pipelines"));
        Assert.Equal(("weather", "seattle-weather"), (listed.Name, listed.Model));
        Assert.Contains("trials: 3", (await server.Http.GetOkAsync<PipelineInfo>("/api/v1/pipelines/weather")).Spec);
    }

    [Fact]
    public async Task Apply_RefusesBadSpecsWithTheLineOrField_OversizedOnesWith413_AndChangesNothing()
    {
        await using var server = await PipelineServer.StartAsync();
        var spec = PipelineServer.Spec("weather", "early.csv");

        async Task<string> Refused(string name, HttpContent content, HttpStatusCode status, string code)
        {
            using var response = await server.Http.PutAsync($"/api/v1/pipelines/{name}", content, Ct);
            return await response.AssertProblemAsync(status, code);
        }

        Assert.Equal("name: the spec names pipeline 'weather', but it is applied as 'other'; make them the same.",
            await Refused("other", new StringContent(spec), HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Contains("task", await Refused("weather", new StringContent(spec.Replace("task: multiclass", "task: clustering")), HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Contains("line", await Refused("weather", new StringContent("name: weather\nmodel: [unclosed"), HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Equal("The spec is empty; send the pipeline's YAML or JSON spec as the body.",
            await Refused("weather", new StringContent(""), HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Equal("The spec is not UTF-8 text: byte 0 is invalid.",
            await Refused("weather", new ByteArrayContent([0xff, 0xfe, 0x41]), HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Equal("The spec is larger than 262144 bytes.",
            await Refused("weather", new StringContent(spec + "\n# " + new string('x', 300_000)), HttpStatusCode.RequestEntityTooLarge, "TooLarge"));
        Assert.Equal("The code commit 'HEAD~1' is not a git commit id (7 to 64 lowercase hexadecimal digits).",
            await Refused("weather?commit=HEAD~1", new StringContent(spec), HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.StartsWith("The pipeline name is invalid",
            await Refused("bad%21name", new StringContent(spec), HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Empty(await server.Http.GetOkAsync<List<PipelineInfo>>("/api/v1/pipelines"));
    }

    [Fact]
    public async Task UnknownPipelinesAndRuns_AreNotFound_AndAnEndedRunCannotBeCancelled()
    {
        await using var server = await PipelineServer.StartAsync();

        using var pipeline = await server.Http.GetAsync("/api/v1/pipelines/ghost", Ct);
        using var delete = await server.Http.DeleteAsync("/api/v1/pipelines/ghost", Ct);
        using var start = await server.Http.PostAsync("/api/v1/pipelines/ghost/runs", null, Ct);
        using var run = await server.Http.GetAsync("/api/v1/runs/run-ghost", Ct);
        using var cancel = await server.Http.PostAsync("/api/v1/runs/run-ghost/cancel", null, Ct);
        using var limit = await server.Http.GetAsync("/api/v1/runs?limit=0", Ct);

        Assert.Equal("There is no pipeline 'ghost'.", await pipeline.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Equal("There is no pipeline 'ghost'.", await delete.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Equal("There is no pipeline 'ghost'.", await start.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Equal("There is no pipeline run 'run-ghost'.", await run.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Equal("There is no pipeline run 'run-ghost'.", await cancel.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Equal("limit must be between 1 and 500.", await limit.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));

        await server.ApplyAsync("outside", PipelineServer.Spec("outside", $"'{PipelineServer.WeatherCsv}'"));
        var failed = await server.WaitForRunAsync((await server.StartRunAsync("outside")).Id);
        using var late = await server.Http.PostAsync($"/api/v1/runs/{failed.Id}/cancel", null, Ct);

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith($"source: the csv file '{PipelineServer.WeatherCsv}' is outside the training data directory", failed.Reason);
        Assert.Equal($"Run {failed.Id} has already ended: failed.", await late.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict"));
    }

    [Fact]
    public async Task ManualRun_WithoutAChampion_RegistersTheModelWithLineageMetricsAndTrace_AndTheSameRunAgainGivesTheSameSha256()
    {
        await using var server = await PipelineServer.StartAsync();
        const string commit = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
        var applied = await server.ApplyAsync("weather", PipelineServer.Spec("weather", "early.csv"), commit);

        var queued = await server.StartRunAsync("weather");
        var run = await server.WaitForRunAsync(queued.Id);

        Assert.Equal(commit, applied.Pipeline.CodeCommit);
        Assert.Equal((RunStatus.Queued, "manual"), (queued.Status, queued.Trigger));
        Assert.True(run.Status == RunStatus.Succeeded, run.Reason);
        Assert.Equal("seattle-weather:1", run.RegisteredVersion);
        var outcome = run.Outcome!;
        Assert.Equal((2, (string?)null, "macro_accuracy"), (outcome.Trials.Count, outcome.Champion, outcome.Metric));
        Assert.Equal("mlnet (no ONNX export)", outcome.Format);
        Assert.Contains(run.Log, l => l.Contains("no champion"));
        var version = await server.Http.GetOkAsync<ModelVersionInfo>("/api/v1/versions/seattle-weather:1");
        Assert.Equal((outcome.DataFingerprint, (string?)null, commit), (version.Lineage.DataFingerprint, version.Lineage.Parent, version.Lineage.GitCommit));
        Assert.Equal(outcome.ModelSha256, "sha256:" + version.Sha256);
        Assert.Equal(run.SpecHash, version.Params["spec_hash"]);
        Assert.Equal(outcome.Trials[outcome.Best].Holdout["macro_accuracy"], version.Metrics["macro_accuracy"]);
        Assert.Equal(("weather", run.Id), (version.Tags["pipeline"], version.Tags["run"]));
        Assert.Contains("## Search trace", version.ModelCard);
        Assert.Equal(2, version.ModelCard!.Split('\n').Count(l => l.StartsWith("| 0 |", StringComparison.Ordinal)));

        using var alias = await server.Http.PutAsync("/api/v1/models/seattle-weather/aliases/champion", Http.Json(new { version = 1 }), Ct);
        alias.EnsureSuccessStatusCode();
        var second = await server.WaitForRunAsync((await server.StartRunAsync("weather")).Id);

        Assert.Equal(outcome.ModelSha256, second.Outcome!.ModelSha256);
        Assert.Equal("seattle-weather:1", second.Outcome.Champion);
    }
}
