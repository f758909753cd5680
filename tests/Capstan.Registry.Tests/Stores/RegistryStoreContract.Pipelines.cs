using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The contract for pipelines and runs: audited spec writes with rising revisions, runs saved only over the revision the saver read, one run per trigger key.</summary>
public abstract partial class RegistryStoreContract
{
    protected static PipelineRun QueuedRun(string id, string pipeline = "weather", DateTimeOffset? at = null) => new(
        id, pipeline, "weather-model", "sha256:ab", "manual", RunStatus.Queued, at ?? Start, null, null, "alice", null, null, false, null,
        new Dictionary<string, string> { ["seed"] = "7" }, null, null, null, null, [], 0);

    private const string PipelineCommit = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task SetPipeline_CreatesAtRevisionOneReplacesWithTheNextAndAuditsBoth()
    {
        var created = Ok(await Store.SetPipelineAsync("weather", "weather-model", "name: weather", "sha256:01", null, Alice, Ct));
        Time.Advance(TimeSpan.FromSeconds(5));
        var replaced = Ok(await Store.SetPipelineAsync("weather", "weather-model", "name: weather # v2", "sha256:02", PipelineCommit, new Actor("bob"), Ct));

        Assert.Equal(new PipelineInfo("weather", "weather-model", "name: weather", "sha256:01", 1, Start, "alice"), created);
        Assert.Equal(new PipelineInfo("weather", "weather-model", "name: weather # v2", "sha256:02", 2, Start.AddSeconds(5), "bob", PipelineCommit), replaced);
        Assert.Equal(replaced, Ok(await Store.GetPipelineAsync("weather", Ct)));
        var entries = Ok(await Store.ListAuditAsync(new AuditQuery(Name("weather-model"), null, 10, null), Ct)).Items;
        Assert.Equal(["pipeline.set", "pipeline.set"], entries.Select(e => e.Action));
        Assert.Equal("sha256:01", JsonDocument.Parse(entries[0].Before!).RootElement.GetProperty("specHash").GetString());
    }

    [Fact]
    public async Task ListPipelines_IsByName_AndAMissingPipelineIsNotFound()
    {
        Ok(await Store.SetPipelineAsync("b", "m", "s", "h", null, Alice, Ct));
        Ok(await Store.SetPipelineAsync("a", "m", "s", "h", null, Alice, Ct));

        Assert.Equal(["a", "b"], (await Store.ListPipelinesAsync(Ct)).Select(p => p.Name));
        Assert.Equal(Error.NotFound("There is no pipeline 'ghost'."), Failed(await Store.GetPipelineAsync("ghost", Ct)));
        Assert.Equal(Error.NotFound("There is no pipeline 'ghost'."), Failed(await Store.DeletePipelineAsync("ghost", Alice, Ct)));
    }

    [Fact]
    public async Task DeletePipeline_IsRefusedWhileARunIsActive_ThenDeletesKeepingEndedRuns()
    {
        Ok(await Store.SetPipelineAsync("weather", "weather-model", "s", "h", null, Alice, Ct));
        var run = Ok(await Store.AddRunAsync(QueuedRun("r1"), null, Alice, Ct));

        Assert.Equal(Error.Conflict("Pipeline 'weather' has run r1 queued or running; cancel it or let it end first."),
            Failed(await Store.DeletePipelineAsync("weather", Alice, Ct)));
        Ok(await Store.SaveRunAsync(run with { Status = RunStatus.Cancelled }, 1, null, Ct));
        var deleted = Ok(await Store.DeletePipelineAsync("weather", Alice, Ct));

        Assert.Equal("weather", deleted.Name);
        Assert.Empty(await Store.ListPipelinesAsync(Ct));
        Assert.Equal(RunStatus.Cancelled, Ok(await Store.GetRunAsync("r1", Ct)).Status);
        var entry = Ok(await Store.ListAuditAsync(new AuditQuery(Name("weather-model"), null, 1, null), Ct)).Items[0];
        Assert.Equal(("pipeline.delete", "weather", null), (entry.Action, entry.Target, entry.After));
    }

    [Fact]
    public async Task AddRun_StoresTheRunAtRevisionOne_AuditsIt_AndRoundTripsEveryField()
    {
        Ok(await Store.SetPipelineAsync("weather", "weather-model", "s", "h", null, Alice, Ct));
        var outcome = new RunOutcome("sha256:data", 100, 80, 20, "accuracy",
            [new RunTrial(0, 0, "lightgbm", new Dictionary<string, double> { ["learning_rate"] = 0.1 }, new Dictionary<string, double> { ["accuracy"] = 0.8 },
                new Dictionary<string, RunMetricSpread> { ["accuracy"] = new(0.79, 0.01, [0.78, 0.8]) })],
            0, "weather-model:1", new Dictionary<string, double> { ["accuracy"] = 0.7 }, 0.2, true, "min_delta: ok", "sha256:model", "onnx");
        var full = QueuedRun("r1") with
        {
            Status = RunStatus.Succeeded, StartedAt = Start.AddTicks(1_234_567), FinishedAt = Start.AddSeconds(9), Outcome = outcome,
            Progress = new RunProgress("saving", 1, 1, "done"), RegisteredVersion = "weather-model:2", Rollout = "canary started", Reason = "passed",
            Log = ["12:00:00 reading"],
        };

        var added = Ok(await Store.AddRunAsync(full, "manual:1", Alice, Ct));

        var read = Ok(await Store.GetRunAsync("r1", Ct));
        Assert.Equal(1, read.Revision);
        Assert.Equal(Start.AddTicks(1_234_560), read.StartedAt);
        Assert.Equal(JsonSerializer.Serialize(added), JsonSerializer.Serialize(read));
        Assert.Equal(0.79, read.Outcome!.Trials[0].Folds["accuracy"].Mean);
        var entry = Ok(await Store.ListAuditAsync(new AuditQuery(Name("weather-model"), null, 1, null), Ct)).Items[0];
        Assert.Equal(("pipeline.run", "r1", "alice"), (entry.Action, entry.Target, entry.Actor.Name));
    }

    [Fact]
    public async Task AddRun_RefusesAMissingPipeline_ATakenId_AndATakenTriggerKey()
    {
        Ok(await Store.SetPipelineAsync("weather", "weather-model", "s", "h", null, Alice, Ct));
        Ok(await Store.AddRunAsync(QueuedRun("r1"), "schedule:2025-03-14T16:00:00Z", Alice, Ct));

        Assert.Equal(Error.NotFound("There is no pipeline 'ghost'."), Failed(await Store.AddRunAsync(QueuedRun("r2", "ghost"), null, Alice, Ct)));
        Assert.Equal(ErrorCode.AlreadyExists, Failed(await Store.AddRunAsync(QueuedRun("r1"), null, Alice, Ct)).Code);
        Assert.Equal(Error.AlreadyExists("A pipeline run with id 'r3' or trigger 'schedule:2025-03-14T16:00:00Z' already exists."),
            Failed(await Store.AddRunAsync(QueuedRun("r3"), "schedule:2025-03-14T16:00:00Z", Alice, Ct)));
        Assert.Single(await Store.ListRunsAsync(null, null, 10, Ct));
    }

    [Fact]
    public async Task AddRun_WithOneTriggerKeyFromManyCallersAtOnce_QueuesExactlyOneRun()
    {
        Ok(await Store.SetPipelineAsync("weather", "weather-model", "s", "h", null, Alice, Ct));

        var adds = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Store.AddRunAsync(QueuedRun($"r{i}"), "alert:drift:1", Alice, Ct)));

        Assert.Single(adds, a => a.IsSuccess);
        Assert.Single(await Store.ListRunsAsync("weather", null, 100, Ct));
    }

    [Fact]
    public async Task ListRuns_IsNewestFirst_FiltersByPipelineAndStatus_AndKeepsToTheLimit()
    {
        Ok(await Store.SetPipelineAsync("weather", "weather-model", "s", "h", null, Alice, Ct));
        Ok(await Store.SetPipelineAsync("other", "weather-model", "s", "h", null, Alice, Ct));
        Ok(await Store.AddRunAsync(QueuedRun("r1", at: Start), null, Alice, Ct));
        var second = Ok(await Store.AddRunAsync(QueuedRun("r2", at: Start.AddMinutes(1)), null, Alice, Ct));
        Ok(await Store.AddRunAsync(QueuedRun("r3", "other", Start.AddMinutes(2)), null, Alice, Ct));
        Ok(await Store.SaveRunAsync(second with { Status = RunStatus.Running }, 1, null, Ct));

        Assert.Equal(["r3", "r2", "r1"], (await Store.ListRunsAsync(null, null, 10, Ct)).Select(r => r.Id));
        Assert.Equal(["r2", "r1"], (await Store.ListRunsAsync("weather", null, 10, Ct)).Select(r => r.Id));
        Assert.Equal(["r2"], (await Store.ListRunsAsync(null, RunStatus.Running, 10, Ct)).Select(r => r.Id));
        Assert.Equal(["r3"], (await Store.ListRunsAsync(null, null, 1, Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task SaveRun_OverAnotherRevisionIsAConflict_SoOfManyClaimsExactlyOneWins()
    {
        Ok(await Store.SetPipelineAsync("weather", "weather-model", "s", "h", null, Alice, Ct));
        var run = Ok(await Store.AddRunAsync(QueuedRun("r1"), null, Alice, Ct));

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Store.SaveRunAsync(run with { Status = RunStatus.Running, QueuedBy = $"replica-{i}" }, 1, null, Ct)));

        Assert.Single(claims, c => c.IsSuccess);
        Assert.All(claims.Where(c => !c.IsSuccess), c => Assert.Equal(
            Error.Conflict("Pipeline run 'r1' is at revision 2, not 1; it changed meanwhile, so look at it again."), c.Error));
        var stored = Ok(await Store.GetRunAsync("r1", Ct));
        Assert.Equal((RunStatus.Running, 2), (stored.Status, stored.Revision));
        Assert.Equal(Error.NotFound("There is no pipeline run 'ghost'."), Failed(await Store.SaveRunAsync(QueuedRun("ghost"), 1, null, Ct)));
    }

    [Fact]
    public async Task SaveRun_IsAuditedOnlyWhenAnActorIsGiven()
    {
        Ok(await Store.SetPipelineAsync("weather", "weather-model", "s", "h", null, Alice, Ct));
        var run = Ok(await Store.AddRunAsync(QueuedRun("r1"), null, Alice, Ct));
        var running = Ok(await Store.SaveRunAsync(run with { Status = RunStatus.Running }, 1, null, Ct));

        Ok(await Store.SaveRunAsync(running with { CancelRequested = true }, 2, new Actor("bob"), Ct));

        var entries = Ok(await Store.ListAuditAsync(new AuditQuery(Name("weather-model"), null, 10, null), Ct)).Items;
        Assert.Equal(["pipeline.run.update", "pipeline.run", "pipeline.set"], entries.Select(e => e.Action));
        Assert.True(JsonDocument.Parse(entries[0].After!).RootElement.GetProperty("cancelRequested").GetBoolean());
    }
}
