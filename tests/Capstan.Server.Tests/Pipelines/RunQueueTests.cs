using Capstan.Core.Feedback;
using Capstan.Core.Pipelines;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Server.Tests.Support;
using Capstan.Training.Pipelines;
using Capstan.Training.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Server.Tests.Pipelines;

/// <summary>The run queue and the time-based triggers on a real server: cancellation, runs left by a dead process, the concurrency limit, schedules and new labels.</summary>
public sealed class RunQueueTests
{
    private const string Long = "search: {trials: 400, seed: 7}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancel_StopsARunningRunPromptly_AndNothingIsRegistered()
    {
        await using var server = await PipelineServer.StartAsync();
        await server.ApplyAsync("weather", PipelineServer.Spec("weather", "early.csv").Replace("search: {trials: 2, seed: 7}", Long));
        var run = await server.StartRunAsync("weather");
        await server.WaitForRunAsync(run.Id, r => r.Progress?.Stage == "training");

        using var cancel = await server.Http.PostAsync($"/api/v1/runs/{run.Id}/cancel", null, Ct);
        var ended = await server.WaitForRunAsync(run.Id);

        Assert.True((await cancel.ReadOkAsync<PipelineRun>()).CancelRequested);
        Assert.Equal((RunStatus.Cancelled, "cancelled on request; nothing was registered"), (ended.Status, ended.Reason));
        Assert.True(ended.Progress!.Done < ended.Progress.Total, $"{ended.Progress.Done} of {ended.Progress.Total} fits");
        using var versions = await server.Http.GetAsync("/api/v1/models/seattle-weather/versions", Ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, versions.StatusCode);
    }

    [Fact]
    public async Task ARunLeftRunningByADeadProcess_IsMarkedFailedOnceItsLeaseRunsOut_NotRunAgain()
    {
        await using var server = await PipelineServer.StartAsync();
        await server.ApplyAsync("weather", PipelineServer.Spec("weather", "early.csv"));
        var store = server.Services.GetRequiredService<IPipelineStore>();
        var stale = DateTimeOffset.UtcNow.AddMinutes(-5);
        var left = new PipelineRun("run-left", "weather", "seattle-weather", "sha256:x", "manual", RunStatus.Running, stale, stale, null, "alice",
            "dead-host/1/abc", stale, false, null, new Dictionary<string, string>(), null, null, null, null, [], 0);
        Assert.True((await store.AddRunAsync(left, null, new Actor("alice"), Ct)).IsSuccess);

        var failed = await server.WaitForRunAsync("run-left");

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith("interrupted by a restart: dead-host/1/abc last reported at", failed.Reason);
        Assert.Null(failed.RegisteredVersion);
    }

    [Fact]
    public async Task AtMostTheConfiguredNumberOfRunsRunAtOnce_TheRestWaitQueued()
    {
        await using var server = await PipelineServer.StartAsync(new Dictionary<string, string?> { ["TrainingOptions:MaxConcurrentRuns"] = "1" });
        await server.ApplyAsync("weather", PipelineServer.Spec("weather", "early.csv").Replace("search: {trials: 2, seed: 7}", Long));
        var first = await server.StartRunAsync("weather");
        var second = await server.StartRunAsync("weather");

        var running = await server.WaitForRunAsync(first.Id, r => r.Status == RunStatus.Running);
        var waiting = await server.Http.GetOkAsync<PipelineRun>($"/api/v1/runs/{second.Id}");
        var here = server.Services.GetRequiredService<PipelineRunQueue>().Running;

        Assert.Equal(RunStatus.Queued, waiting.Status);
        Assert.Equal([first.Id], here);
        (await server.Http.PostAsync($"/api/v1/runs/{second.Id}/cancel", null, Ct)).EnsureSuccessStatusCode();
        (await server.Http.PostAsync($"/api/v1/runs/{first.Id}/cancel", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(RunStatus.Cancelled, (await server.WaitForRunAsync(second.Id)).Status);
        Assert.Equal(RunStatus.Cancelled, (await server.WaitForRunAsync(first.Id)).Status);
        Assert.Equal(RunStatus.Running, running.Status);
    }

    [Fact]
    public void Schedule_IsDueAtItsLatestTimeSinceTheLastLook_AndNotBeforeItsFirst()
    {
        var hourly = PipelineSpecReader.Parse(PipelineServer.Spec("weather", "early.csv", extra: "triggers: {schedule: '0 * * * *'}"), "test").Value.Triggers;
        var applied = new DateTimeOffset(2026, 3, 1, 10, 20, 0, TimeSpan.Zero);

        Assert.Null(PipelineTriggers.Due(hourly, applied, applied.AddMinutes(39)));
        Assert.Equal(applied.AddMinutes(40), PipelineTriggers.Due(hourly, applied, applied.AddMinutes(40)));
        Assert.Equal(applied.AddMinutes(160), PipelineTriggers.Due(hourly, applied, applied.AddMinutes(175)));
    }

    [Fact]
    public async Task Schedule_QueuesOneRunPerDueTime_HoweverOftenTheTriggersLook()
    {
        await using var server = await PipelineServer.StartAsync();
        await server.ApplyAsync("weather", PipelineServer.Spec("weather", "early.csv", extra: "triggers: {schedule: '* * * * *'}"));
        var triggers = server.Services.GetRequiredService<PipelineTriggers>();

        var run = await server.WaitForAnyRunAsync("weather");
        await triggers.CheckAsync(Ct);
        await triggers.CheckAsync(Ct);

        Assert.Equal("schedule", run.Trigger);
        var runs = await server.Http.GetOkAsync<List<PipelineRun>>("/api/v1/runs?pipeline=weather");
        Assert.Equal(runs.Count, runs.Select(r => r.QueuedAt.ToUnixTimeSeconds() / 60).Distinct().Count());
    }

    [Fact]
    public async Task AfterLabels_QueuesARunOnceEnoughNewLabelsArrive()
    {
        await using var server = await PipelineServer.StartAsync();
        await server.ApplyAsync("weather-early", PipelineServer.Spec("weather-early", "early.csv"));
        Assert.Equal(RunStatus.Succeeded, (await server.WaitForRunAsync((await server.StartRunAsync("weather-early")).Id)).Status);
        await server.ApplyAsync("weather", PipelineServer.Spec("weather", "recent.csv", extra: "triggers: {after_labels: 3}"));
        using (var two = await server.Http.PostAsync("/api/v1/models/seattle-weather/feedback",
            Http.Json(new FeedbackBatch([new("a", LabelValue.Of("sun").Value), new("b", LabelValue.Of("rain").Value)])), Ct))
            two.EnsureSuccessStatusCode();
        await server.Services.GetRequiredService<PipelineTriggers>().CheckAsync(Ct);
        Assert.Empty(await server.Http.GetOkAsync<List<PipelineRun>>("/api/v1/runs?pipeline=weather"));

        using (var third = await server.Http.PostAsync("/api/v1/models/seattle-weather/feedback",
            Http.Json(new FeedbackBatch([new("c", LabelValue.Of("fog").Value)])), Ct))
            third.EnsureSuccessStatusCode();
        var run = await server.WaitForAnyRunAsync("weather");

        Assert.Equal("labels", run.Trigger);
        Assert.Equal(RunStatus.Succeeded, run.Status);
    }
}
