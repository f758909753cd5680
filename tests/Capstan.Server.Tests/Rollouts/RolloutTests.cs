using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Rollouts;

/// <summary>Progressive rollouts on a real server over HTTP under concurrent inference load: bc:1 and bc:2 are the same ONNX model, bc:3 an ML.NET version that refuses the ONNX output the requests ask for.</summary>
/// <remarks>The control-plane rate limit is raised because the tests poll the deployment's status every 10 ms to catch each swap.</remarks>
public sealed class RolloutTests : IAsyncLifetime
{
    private static readonly string Body = InferBodies.BreastCancerProbability;
    private RunningServer _server = null!;

    private HttpClient Http => _server.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["RateLimitOptions:ControlPlanePermitsPerSecond"] = "1000",
            ["RateLimitOptions:ControlPlaneBurst"] = "1000",
        });
        await Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await Http.PushAsync("bc", TestModels.BreastCancerMlNet);
        await Http.DeployAsync("bc:1");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AHealthyCanary_AdvancesThroughEveryStepToPromotedWithoutFailingARequest()
    {
        await using var load = Load.Start(Http, callers: 3);
        var started = await StartAsync(new RolloutRequest(
            "bc:2", [new RolloutStep(10, 1), new RolloutStep(50, 1), new RolloutStep(100, 0)], new RolloutThresholds(MaxP99Ratio: 1000, MinRequests: 10)));

        var finished = await WaitForAsync(r => !r.Active);

        Assert.Equal(RolloutState.Promoted, finished.State);
        Assert.Equal([RolloutAction.Start, RolloutAction.Advance, RolloutAction.Promote], finished.History.Select(d => d.Action));
        Assert.All(finished.History, d => Assert.NotNull(d.DeploymentRevision));
        var deployment = await Http.GetOkAsync<Deployment>("/api/v1/deployments/bc");
        Assert.Equal(("bc:2", null), (deployment.Target, deployment.Variants));
        var revisions = await Http.GetOkAsync<DeploymentRevision[]>("/api/v1/deployments/bc/revisions");
        Assert.Equal(["rollout step 1/3: 10%", "rollout step 2/3: 50%", "rollout promoted bc:2"], revisions.Skip(1).Select(r => r.Reason));
        Assert.Equal(started.DeploymentRevision, revisions[1].Revision);
        var answered = await load.StopAsync();
        Assert.Empty(answered.Failures);
        Assert.Equal(["1", "2"], answered.Versions.Keys.Order());
    }

    [Fact]
    public async Task AFailingCanary_UnderConcurrentLoadAbortsAndRollsBackOnItsOwn()
    {
        await using var load = Load.Start(Http, callers: 4);
        await StartAsync(new RolloutRequest("bc:3", [new RolloutStep(25, 1), new RolloutStep(100, 0)], new RolloutThresholds(MinRequests: 10)));

        var aborted = await WaitForAsync(r => !r.Active);

        Assert.Equal((RolloutState.Aborted, RolloutVerdict.Failed), (aborted.State, aborted.LastAnalysis!.Verdict));
        var why = aborted.History[^1].Reason;
        Assert.StartsWith("rollout aborted at step 1: canary error rate 100.0% vs stable 0.0%, more than 1.0 points higher", why);
        var revisions = await Http.GetOkAsync<DeploymentRevision[]>("/api/v1/deployments/bc/revisions");
        Assert.Equal((why, "rollout-controller", "bc:1", (IReadOnlyList<TrafficVariant>?)null), (revisions[^1].Reason, revisions[^1].ChangedBy, revisions[^1].Spec.Target, revisions[^1].Spec.Variants));
        await WaitReadyAsync(revisions[^1].Revision);
        var during = await load.StopAsync();
        Assert.NotEmpty(during.Failures);
        Assert.All(during.Failures, f => Assert.Contains("Probability.output", f));

        await using var after = Load.Start(Http, callers: 2);
        await Task.Delay(300, Ct);
        var answered = await after.StopAsync();
        Assert.Empty(answered.Failures);
        Assert.Equal(["1"], answered.Versions.Keys);
    }

    [Fact]
    public async Task PauseResumePromoteAndAbort_ByHandChangeTheRolloutAndTheTraffic()
    {
        await StartAsync(new RolloutRequest("bc:2", [new RolloutStep(10, 3600), new RolloutStep(100, 0)]));

        var paused = await DecideAsync("pause", """{"reason": "look at the logs"}""");
        using var again = await Http.PostAsync("/api/v1/deployments/bc/rollout/pause", Support.Http.Json(new RolloutCommand()), Ct);
        var resumed = await DecideAsync("resume");
        var promoted = await DecideAsync("promote");
        using var late = await Http.PostAsync("/api/v1/deployments/bc/rollout/abort", Support.Http.Json(new RolloutCommand()), Ct);

        Assert.Equal((RolloutState.Paused, "paused by hand at step 1: look at the logs"), (paused.State, paused.History[^1].Reason));
        Assert.Equal("The rollout of bc:2 is paused, so it cannot be paused.", await again.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict"));
        Assert.Equal(RolloutState.Progressing, resumed.State);
        Assert.Equal(RolloutState.Promoted, promoted.State);
        Assert.Equal("The rollout of bc:2 is promoted, so it cannot be aborted.", await late.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict"));
        Assert.Equal(("bc:2", null), await TrafficAsync());

        await StartAsync(new RolloutRequest("bc:1", [new RolloutStep(20, 3600)]));
        var split = await TrafficAsync();
        Assert.Equal("bc:2", split.Target);
        Assert.Equal([new TrafficVariant("bc:2", 80), new TrafficVariant("bc:1", 20)], split.Variants);
        var aborted = await DecideAsync("abort", """{"reason": "not today"}""");

        Assert.Equal((RolloutState.Aborted, "aborted by hand at step 1: not today"), (aborted.State, aborted.History[^1].Reason));
        Assert.Equal(("bc:2", null), await TrafficAsync());
        Assert.Equal("rollout aborted by hand at step 1: not today", (await Http.GetOkAsync<DeploymentRevision[]>("/api/v1/deployments/bc/revisions"))[^1].Reason);
    }

    [Fact]
    public async Task FiftyPromoteAndRollbackCycles_UnderConcurrentLoadFailNoRequestAndAnswerOnlyFromTheTwoVersions()
    {
        await using var load = Load.Start(Http, callers: 3);
        var clock = Stopwatch.StartNew();

        for (var cycle = 0; cycle < 50; cycle++)
        {
            var started = await StartAsync(new RolloutRequest("bc:2", [new RolloutStep(10, 3600), new RolloutStep(100, 0)], Reason: $"cycle {cycle}"));
            await WaitReadyAsync(started.DeploymentRevision);
            await WaitReadyAsync((await DecideAsync("promote")).DeploymentRevision);
            using var rollback = await Http.PostAsync("/api/v1/deployments/bc/rollback", Support.Http.Json(new RollbackRequest(1, $"cycle {cycle} back")), Ct);
            await WaitReadyAsync((await rollback.ReadOkAsync<Deployment>()).Revision);
        }

        var answered = await load.StopAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"50 cycles (150 deployment revisions) in {clock.Elapsed.TotalSeconds:0.0} s; {answered.Versions.Values.Sum()} requests: bc:1 {answered.Versions.GetValueOrDefault("1")}, bc:2 {answered.Versions.GetValueOrDefault("2")}");
        Assert.Empty(answered.Failures);
        Assert.Equal(["1", "2"], answered.Versions.Keys.Order());
        Assert.Equal(151, (await Http.GetOkAsync<DeploymentRevision[]>("/api/v1/deployments/bc/revisions")).Length);
    }

    [Theory]
    [InlineData("""{"canary":"bc:2"}""", "A rollout needs at least one step, such as weights 10, 25, 50, 100.")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":10,"holdSeconds":60},{"weight":5,"holdSeconds":60}]}""", "Step 2 gives the canary 5% after 10%; the weights must rise from step to step.")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":0,"holdSeconds":60}]}""", "Step 1 gives the canary 0%; a step gives it 1 to 100 percent.")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":10,"holdSeconds":0}]}""", "Step 1 holds for 0 s; hold each step 1 s to 7 days (604800 s).")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":100,"holdSeconds":60}]}""", "The first step gives the canary 100%; a rollout starts with a smaller share (deploy the version directly to switch at once).")]
    [InlineData("""{"canary":"bc:2","steps":[null]}""", "Step 1 is null; give each step as {\"weight\": ..., \"holdSeconds\": ...}.")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":10,"holdSeconds":60}],"thresholds":{"maxErrorRateIncrease":-1}}""", "The largest error-rate increase is -1 points; give 0 to 100.")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":10,"holdSeconds":60}],"thresholds":{"maxP99Ratio":0.5}}""", "The largest p99 latency ratio is 0.5; give 1 to 1000.")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":10,"holdSeconds":60}],"thresholds":{"minRequests":0}}""", "The fewest requests per step is 0; give 1 to 1000000.")]
    [InlineData("""{"canary":"other:2","steps":[{"weight":10,"holdSeconds":60}]}""", "A deployment of 'bc' serves versions of 'bc', so its canary cannot be 'other:2'.")]
    [InlineData("""{"canary":"bc:1","steps":[{"weight":10,"holdSeconds":60}]}""", "bc:1 is bc:1, which the stable target bc:1 already serves; give another version as the canary.")]
    [InlineData("""{"canary":"bc:2","steps":[{"weight":10,"holdSeconds":60}],"reason":"two\nlines"}""", "The reason 'two\\u000Alines' contains a control character; give it on one line.")]
    public async Task Start_RefusesABadPlanWithAPreciseMessage(string body, string message)
    {
        using var response = await Http.PostAsync("/api/v1/deployments/bc/rollout", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(message, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        using var none = await Http.GetAsync("/api/v1/deployments/bc/rollout", Ct);
        Assert.Equal("Model 'bc' has no rollout.", await none.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
    }

    [Fact]
    public async Task Routes_RefuseABadNameABadReasonAMissingDeploymentAndASecondRollout()
    {
        using var badName = await Http.GetAsync("/api/v1/deployments/Bad%20Name/rollout", Ct);
        using var badReason = await Http.PostAsync("/api/v1/deployments/bc/rollout/pause", Support.Http.Json(new RolloutCommand(new string('x', 501))), Ct);
        await Http.PushAsync("churn", TestModels.BreastCancerOnnx);
        using var undeployed = await Http.PostAsync("/api/v1/deployments/churn/rollout", Support.Http.Json(new RolloutRequest("churn:1", [new RolloutStep(10, 60)])), Ct);
        await StartAsync(new RolloutRequest("bc:2", [new RolloutStep(10, 3600)]));
        using var second = await Http.PostAsync("/api/v1/deployments/bc/rollout", Support.Http.Json(new RolloutRequest("bc:3", [new RolloutStep(10, 60)])), Ct);

        Assert.StartsWith("The model name 'Bad Name'", await badName.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Equal("The reason is 501 characters long; at most 500 are allowed.", await badReason.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Equal(
            "A rollout starts from the deployed stable version, but: Model 'churn' is not deployed. Deploy a stable version first.",
            await undeployed.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict"));
        Assert.Equal("'bc' already has a progressing rollout of bc:2 at step 1; promote or abort it first.", await second.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict"));
    }

    private async Task<Rollout> StartAsync(RolloutRequest request)
    {
        using var response = await Http.PostAsync("/api/v1/deployments/bc/rollout", Support.Http.Json(request), Ct);
        return await response.ReadOkAsync<Rollout>();
    }

    private async Task<Rollout> DecideAsync(string decision, string body = "{}")
    {
        using var response = await Http.PostAsync($"/api/v1/deployments/bc/rollout/{decision}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        return await response.ReadOkAsync<Rollout>();
    }

    private async Task<(string Target, IReadOnlyList<TrafficVariant>? Variants)> TrafficAsync()
    {
        var deployment = await Http.GetOkAsync<Deployment>("/api/v1/deployments/bc");
        return (deployment.Target, deployment.Variants);
    }

    private async Task<Rollout> WaitForAsync(Func<Rollout, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var rollout = await Http.GetOkAsync<Rollout>("/api/v1/deployments/bc/rollout");
            if (done(rollout))
                return rollout;
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"the rollout is still {rollout.State} at step {rollout.Step}: {rollout.LastAnalysis?.Summary}");
            await Task.Delay(100, Ct);
        }
    }

    private async Task WaitReadyAsync(long revision)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var deployment = await Http.GetOkAsync<Deployment>("/api/v1/deployments/bc");
            if (deployment.Revision > revision || (deployment.Revision == revision && deployment.Status.State == DeploymentState.Ready))
                return;
            Assert.False(deployment.Status.State == DeploymentState.Failed, deployment.Status.Reason);
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"revision {revision} is still {deployment.Status.State}");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>Callers that send the same inference request over REST until stopped, counting the answering versions and keeping every failure.</summary>
    private sealed class Load : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<string, int> _versions = new();
        private readonly ConcurrentQueue<string> _failures = new();
        private Task _callers = Task.CompletedTask;

        public static Load Start(HttpClient http, int callers)
        {
            var load = new Load();
            load._callers = Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() => load.CallAsync(http))));
            return load;
        }

        public async Task<(IReadOnlyDictionary<string, int> Versions, IReadOnlyCollection<string> Failures)> StopAsync()
        {
            await _stop.CancelAsync();
            await _callers;
            return (_versions, _failures);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task CallAsync(HttpClient http)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var response = await http.PostAsync("/v2/models/bc/infer", new StringContent(Body, Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !response.Headers.TryGetValues("X-Capstan-Version", out var versions))
                {
                    _failures.Enqueue($"{(int)response.StatusCode}: {text}");
                    continue;
                }
                var version = versions.Single();
                _versions.AddOrUpdate(version.StartsWith("bc:", StringComparison.Ordinal) ? version[3..] : version, 1, (_, n) => n + 1);
            }
        }
    }
}
