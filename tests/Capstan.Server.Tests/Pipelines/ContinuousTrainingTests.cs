using System.Globalization;
using System.Text;
using Capstan.Core.Alerts;
using Capstan.Core.Feedback;
using Capstan.Core.Pipelines;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Pipelines;

/// <summary>Issue 7's done-when tests, on a real server with the shipped Seattle weather data: a champion of the early years, profiled on its training days, serves the later weather, its drift_share alert fires, and the pipeline that alert triggers retrains on the recent days.</summary>
/// <remarks>
/// The shift is real: the champion is trained and profiled on 2012–2013 and serves every day of 2014–2015, whose
/// inputs drift from its profile (at least a quarter of the features, the alert's threshold) and whose true weather is
/// posted as feedback; a model of the recent days beats it on the recent held-out days by more than the gate's margin
/// (macro accuracy about 0.54 against 0.46). Its realized accuracy, though, does not fall (0.797 on the recent days
/// against 0.774 on its own holdout), so the trigger is the drift alert, not an accuracy one.
/// </remarks>
public sealed class ContinuousTrainingTests
{
    private const string Rule = "weather-drift";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["InferenceLogOptions:Enabled"] = "true",
        ["InferenceLogOptions:RollInterval"] = "00:00:01",
        ["PerformanceOptions:Interval"] = "00:00:01",
        ["PerformanceOptions:Window"] = "01:00:00",
        ["AlertOptions:EvaluationInterval"] = "00:00:00.500",
        ["DriftOptions:Interval"] = "00:00:01",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DriftingChampion_FiresTheAlert_WhichRetrainsOnRecentDays_AndTheBetterCandidateIsRegisteredWithLineageAndCanaried()
    {
        await using var server = await PipelineServer.StartAsync(Settings);
        var (deployment, fired) = await ShiftAsync(server, "gate: {metric: macro_accuracy, min_absolute_change: 0.02}");

        var run = await server.WaitForAnyRunAsync("weather-recent");

        Assert.True(fired >= 0.25, $"drift share {fired}");
        Assert.Equal($"alert:{Rule}", run.Trigger);
        Assert.True(run.Status == RunStatus.Succeeded, run.Reason);
        var outcome = run.Outcome!;
        Assert.Equal("seattle-weather:1", outcome.Champion);
        Assert.True(outcome.GatePassed);
        Assert.True(outcome.Trials[outcome.Best].Holdout["macro_accuracy"] > outcome.ChampionMetrics!["macro_accuracy"] + 0.02,
            $"candidate {outcome.Trials[outcome.Best].Holdout["macro_accuracy"]} against champion {outcome.ChampionMetrics["macro_accuracy"]}");
        Assert.Equal("seattle-weather:2", run.RegisteredVersion);
        var version = await server.Http.GetOkAsync<ModelVersionInfo>("/api/v1/versions/seattle-weather:2");
        Assert.Equal(("seattle-weather:1", outcome.DataFingerprint), (version.Lineage.Parent, version.Lineage.DataFingerprint));
        Assert.Equal((run.SpecHash, $"alert:{Rule}"), (version.Params["spec_hash"], version.Tags["trigger"]));
        Assert.Equal(outcome.Trials[outcome.Best].Holdout["macro_accuracy"], version.Metrics["macro_accuracy"]);
        var rollout = await server.Http.GetOkAsync<Rollout>("/api/v1/deployments/seattle-weather/rollout");
        Assert.Equal(("seattle-weather:2", RolloutState.Progressing, 1), (rollout.Canary, rollout.State, rollout.Step));
        Assert.Equal([10, 50, 100], rollout.Steps.Select(s => s.Weight));
        Assert.StartsWith("canary seattle-weather:2 started from seattle-weather:1", run.Rollout);
        Assert.NotEqual(deployment.Revision, (await server.Http.GetOkAsync<Deployment>("/api/v1/deployments/seattle-weather")).Revision);
    }

    [Fact]
    public async Task DriftingChampion_FiresTheAlert_ButACandidateShortOfTheMargin_IsRejectedWithTheReason_AndProductionIsUnchanged()
    {
        await using var server = await PipelineServer.StartAsync(Settings);
        var (deployment, _) = await ShiftAsync(server, "gate: {metric: macro_accuracy, min_absolute_change: 0.5}");

        var run = await server.WaitForAnyRunAsync("weather-recent");

        Assert.Equal(($"alert:{Rule}", RunStatus.Rejected), (run.Trigger, run.Status));
        Assert.Matches(@"^the candidate fails the gate, nothing was registered: min_absolute_change: macro_accuracy [0-9.]+ against the champion's [0-9.]+: a change of -?[0-9.]+ falls short", run.Reason);
        Assert.False(run.Outcome!.GatePassed);
        Assert.Null(run.RegisteredVersion);
        Assert.Null(run.Rollout);
        var versions = await server.Http.GetOkAsync<Page<ModelVersionInfo>>("/api/v1/models/seattle-weather/versions");
        Assert.Equal([1], versions.Items.Select(v => v.Version));
        var after = await server.Http.GetOkAsync<Deployment>("/api/v1/deployments/seattle-weather");
        Assert.Equal((deployment.Target, deployment.Revision), (after.Target, after.Revision));
        using var rollout = await server.Http.GetAsync("/api/v1/deployments/seattle-weather/rollout", Ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, rollout.StatusCode);
    }

    [Fact]
    public async Task InferenceLogSource_RetrainsOnTheRequestsTheModelReallyServed_JoinedWithTheirPostedLabels()
    {
        await using var server = await PipelineServer.StartAsync(Settings);
        await server.ApplyAsync("weather-early", PipelineServer.Spec("weather-early", "early.csv"));
        Assert.Equal(RunStatus.Succeeded, (await server.WaitForRunAsync((await server.StartRunAsync("weather-early")).Id)).Status);
        await server.Http.DeployAsync("seattle-weather:1");
        await WaitReadyAsync(server);
        await ServeRecentDaysAsync(server);
        await server.WaitForLoggedAsync("seattle-weather", 730, Ct);
        await server.ApplyAsync("weather-log", PipelineServer.Spec("weather-log", "unused.csv").Replace("source: {csv: unused.csv}", "source: {inference_log: {window: 1h}}"));

        var run = await server.WaitForRunAsync((await server.StartRunAsync("weather-log")).Id);

        Assert.True(run.Status == RunStatus.Succeeded, run.Reason);
        Assert.Equal((730, 730), (run.Outcome!.Rows, run.Outcome.TrainRows + run.Outcome.HoldoutRows));
        Assert.Equal(("inference_log", "seattle-weather:1"), (run.Parameters["source"], run.Outcome.Champion));
    }

    /// <summary>Trains, profiles and deploys the champion on the early years, sets the drift alert and the recent pipeline with <paramref name="gate"/>, serves every recent day and posts its truth.</summary>
    private static async Task<(Deployment Deployment, double Fired)> ShiftAsync(RunningServer server, string gate)
    {
        await server.ApplyAsync("weather-early", PipelineServer.Spec("weather-early", "early.csv"));
        var early = await server.WaitForRunAsync((await server.StartRunAsync("weather-early")).Id);
        Assert.True(early.Status == RunStatus.Succeeded, early.Reason);
        var earlyCsv = File.ReadAllText(Path.Combine(server.DataDirectory, "training", "early.csv"));
        using (var profile = await server.Http.PutAsync("/api/v1/models/seattle-weather/versions/1/profile", new StringContent(earlyCsv, Encoding.UTF8, "text/csv"), Ct))
            profile.EnsureSuccessStatusCode();
        var deployment = await server.Http.DeployAsync("seattle-weather:1");
        await server.ApplyAsync("weather-recent", PipelineServer.Spec("weather-recent", "recent.csv", gate,
            $"triggers: {{on_alert: [{Rule}]}}\nrollout: {{strategy: canary, steps: [10, 50, 100], step_duration: 10m}}"));
        using (var rule = await server.Http.PutAsync($"/api/v1/alerts/rules/{Rule}",
            Http.Json(new AlertRuleRequest("seattle-weather", "drift_share", ">=", 0.25, 3600, 0)), Ct))
            rule.EnsureSuccessStatusCode();
        await WaitReadyAsync(server);

        await ServeRecentDaysAsync(server);
        var firing = await WaitForFiringAsync(server);
        return (deployment, firing.Status.Value!.Value);
    }

    /// <summary>Serves every day of 2014–2015 to the deployed champion as one request each (the date is the request id) and posts each day's true weather.</summary>
    private static async Task ServeRecentDaysAsync(RunningServer server)
    {
        var days = File.ReadLines(Path.Combine(server.DataDirectory, "training", "recent.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var day in days)
        {
            var body = $$"""{"id": "{{day[0]}}", "inputs": [{{Input("precipitation", day[1])}}, {{Input("temp_max", day[2])}}, {{Input("temp_min", day[3])}}, {{Input("wind", day[4])}}], "outputs": [{"name": "PredictedLabel"}]}""";
            using var response = await server.Http.PostAsync("/v2/models/seattle-weather/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            response.EnsureSuccessStatusCode();
        }
        using (var feedback = await server.Http.PostAsync("/api/v1/models/seattle-weather/feedback",
            Http.Json(new FeedbackBatch([.. days.Select(d => new GroundTruth(d[0], LabelValue.Of(d[5]).Value))])), Ct))
            feedback.EnsureSuccessStatusCode();
    }

    private static string Input(string name, string value) =>
        $$"""{"name": "{{name}}", "shape": [1], "datatype": "FP32", "data": [{{double.Parse(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)}}]}""";

    private static async Task WaitReadyAsync(RunningServer server)
    {
        while (true)
        {
            using var ready = await server.Http.GetAsync("/v2/models/seattle-weather/ready", Ct);
            if (ready.IsSuccessStatusCode)
                return;
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<Alert> WaitForFiringAsync(RunningServer server)
    {
        for (var attempt = 0; ; attempt++)
        {
            var alert = (await server.Http.GetOkAsync<List<Alert>>("/api/v1/alerts")).Single(a => a.Rule.Name == Rule);
            if (alert.Status.State == AlertState.Firing)
                return alert;
            if (attempt == 300)
                Assert.Fail($"The alert did not fire in two minutes: {alert.Status}; drift: {await server.Http.GetStringAsync("/api/v1/models/seattle-weather/drift?window=1h", Ct)}");
            await Task.Delay(200, Ct);
        }
    }
}
