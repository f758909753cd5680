using System.Security.Cryptography;
using System.Text;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;
using Capstan.Core.Signatures;
using Capstan.Registry.Service;
using Capstan.Registry.Stores;
using Capstan.Server.Rollouts;
using Capstan.Serving.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Capstan.Server.Tests.Rollouts;

/// <summary>The rollout controller's timing and decisions on a fake clock, over an in-memory registry and counters the test fills.</summary>
public sealed class RolloutControllerTests : IAsyncLifetime
{
    private static readonly Actor Alice = new("alice");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.Zero));
    private readonly Counters _traffic = new();
    private InMemoryRegistryStore _store = null!;
    private RolloutService _rollouts = null!;
    private DeploymentService _deployments = null!;
    private RolloutController _controller = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new InMemoryRegistryStore(_time);
        var changes = new ChangeSignal();
        _deployments = new DeploymentService(_store, changes);
        _rollouts = new RolloutService(_store, _deployments, changes, _time);
        _controller = new RolloutController(_rollouts, _deployments, _traffic, _time, NullLogger<RolloutController>.Instance);
        for (var i = 0; i < 2; i++)
            Assert.True((await _store.AddVersionAsync(Version(), Ct)).IsSuccess);
        Assert.True((await _deployments.DeployAsync("bc", new DeploymentRequest("bc:1"), Alice, Ct)).IsSuccess);
    }

    public async ValueTask DisposeAsync()
    {
        _controller.Dispose();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task HealthyCanary_AdvancesAfterEachHoldAndIsPromotedAfterTheLastStep()
    {
        await StartAsync([new(10, 60), new(50, 60), new(100, 0)]);
        await TickAsync();

        _traffic.Serve(stable: 90, canary: 30);
        _time.Advance(TimeSpan.FromSeconds(59));
        await TickAsync();
        Assert.Equal(1, (await RolloutAsync()).Step);
        _time.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();

        var second = await RolloutAsync();
        Assert.Equal((2, RolloutState.Progressing, RolloutVerdict.Passed), (second.Step, second.State, second.LastAnalysis!.Verdict));
        Assert.Equal([new TrafficVariant("bc:1", 50), new TrafficVariant("bc:2", 50)], (await DeploymentAsync()).Variants);
        Assert.Equal("rollout step 2/3: 50%", (await RevisionsAsync())[^1].Reason);

        _traffic.Serve(stable: 40, canary: 40);
        _time.Advance(TimeSpan.FromSeconds(60));
        await TickAsync();

        var done = await RolloutAsync();
        Assert.Equal(RolloutState.Promoted, done.State);
        Assert.Equal([RolloutAction.Start, RolloutAction.Advance, RolloutAction.Promote], done.History.Select(d => d.Action));
        Assert.Equal("step 2 passed (canary error rate 0.0% vs stable 0.0%, p99 2.016 ms vs 2.016 ms over 40 and 40 requests); bc:2 promoted to 100%", done.History[^1].Reason);
        var deployment = await DeploymentAsync();
        Assert.Equal(("bc:2", null), (deployment.Target, deployment.Variants));
        Assert.Equal(deployment.Revision, done.History[^1].DeploymentRevision);
    }

    [Fact]
    public async Task FailingCanary_AbortsAndSendsAllTheTrafficBackToTheStableTarget()
    {
        await StartAsync([new(10, 30), new(100, 0)]);
        await TickAsync();
        _traffic.Serve(stable: 200, canary: 25, canaryErrors: 12);
        _time.Advance(TimeSpan.FromSeconds(30));

        await TickAsync();

        var rollout = await RolloutAsync();
        const string Why = "rollout aborted at step 1: canary error rate 48.0% vs stable 0.0%, more than 1.0 points higher";
        Assert.Equal((RolloutState.Aborted, RolloutVerdict.Failed, Why), (rollout.State, rollout.LastAnalysis!.Verdict, rollout.History[^1].Reason));
        var deployment = await DeploymentAsync();
        Assert.Equal(("bc:1", null), (deployment.Target, deployment.Variants));
        Assert.Equal((Why, RolloutService.Controller.Name), ((await RevisionsAsync())[^1].Reason, (await RevisionsAsync())[^1].ChangedBy));
    }

    [Fact]
    public async Task SlowCanary_AbortsOnItsP99Latency()
    {
        await StartAsync([new(25, 10)], new RolloutThresholds(MaxP99Ratio: 1.5));
        await TickAsync();
        _traffic.Serve(stable: 50, canary: 50, canaryLatency: TimeSpan.FromMilliseconds(20));
        _time.Advance(TimeSpan.FromSeconds(10));

        await TickAsync();

        var rollout = await RolloutAsync();
        Assert.Equal(RolloutState.Aborted, rollout.State);
        Assert.Equal("rollout aborted at step 1: canary p99 19.968 ms vs 2.016 ms, more than 1.5 times the stable version's", rollout.History[^1].Reason);
    }

    [Fact]
    public async Task AStepWithTooFewRequests_HoldsAndSaysWhy()
    {
        await StartAsync([new(10, 10), new(100, 0)]);
        await TickAsync();
        _traffic.Serve(stable: 100, canary: 3);
        _time.Advance(TimeSpan.FromSeconds(15));

        await TickAsync();

        var rollout = await RolloutAsync();
        Assert.Equal((1, RolloutState.Progressing, RolloutVerdict.Inconclusive), (rollout.Step, rollout.State, rollout.LastAnalysis!.Verdict));
        Assert.Equal("waiting for 20 requests per version: the canary answered 3 and the stable version 100 since the step began", rollout.LastAnalysis.Summary);
        _traffic.Serve(stable: 0, canary: 17);
        await TickAsync();
        Assert.Equal(RolloutState.Promoted, (await RolloutAsync()).State);
    }

    [Fact]
    public async Task TheAnalysis_CountsOnlyTheRequestsSinceTheStepBegan()
    {
        _traffic.Serve(stable: 100, canary: 100, canaryErrors: 100);
        await StartAsync([new(10, 5), new(100, 0)]);
        await TickAsync();
        _traffic.Serve(stable: 30, canary: 30);
        _time.Advance(TimeSpan.FromSeconds(5));

        await TickAsync();

        var rollout = await RolloutAsync();
        Assert.Equal(RolloutState.Promoted, rollout.State);
        Assert.Equal((30L, 0L), (rollout.LastAnalysis!.Canary.Requests, rollout.LastAnalysis.Canary.Errors));
    }

    [Fact]
    public async Task APausedRollout_IsLeftAloneAndResumingRestartsItsHold()
    {
        await StartAsync([new(10, 10), new(100, 0)]);
        await TickAsync();
        Assert.True((await _rollouts.PauseAsync("bc", new RolloutCommand("look at the logs"), Alice, Ct)).IsSuccess);
        _traffic.Serve(stable: 50, canary: 50);
        _time.Advance(TimeSpan.FromMinutes(5));
        await TickAsync();
        Assert.Equal((RolloutState.Paused, 1), ((await RolloutAsync()).State, (await RolloutAsync()).Step));

        Assert.True((await _rollouts.ResumeAsync("bc", new RolloutCommand(), Alice, Ct)).IsSuccess);
        await TickAsync();
        _traffic.Serve(stable: 50, canary: 50);
        _time.Advance(TimeSpan.FromSeconds(9));
        await TickAsync();
        Assert.Equal(RolloutState.Progressing, (await RolloutAsync()).State);
        _time.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();

        var rollout = await RolloutAsync();
        Assert.Equal(RolloutState.Promoted, rollout.State);
        Assert.Equal(
            [(RolloutAction.Pause, "alice", "paused by hand at step 1: look at the logs"), (RolloutAction.Resume, "alice", "resumed by hand at step 1")],
            rollout.History.Skip(1).Take(2).Select(d => (d.Action, d.By, d.Reason)));
    }

    [Fact]
    public async Task ADeploymentChangedOutsideTheRollout_StopsItAndKeepsThatChange()
    {
        await StartAsync([new(10, 10), new(100, 0)]);
        await TickAsync();
        var manual = await _deployments.DeployAsync("bc", new DeploymentRequest("bc:2", Reason: "hotfix"), new Actor("bob"), Ct);
        _time.Advance(TimeSpan.FromSeconds(1));

        await TickAsync();

        var rollout = await RolloutAsync();
        Assert.Equal(RolloutState.Aborted, rollout.State);
        Assert.Equal(
            "rollout stopped at step 1: the deployment was changed outside the rollout (revision 3 by bob); its traffic is left as that change set it",
            rollout.History[^1].Reason);
        Assert.Equal(manual.Value.Revision, (await DeploymentAsync()).Revision);
    }

    private async Task StartAsync(RolloutStep[] steps, RolloutThresholds? thresholds = null) =>
        Assert.True((await _rollouts.StartAsync("bc", new RolloutRequest("bc:2", steps, thresholds), Alice, Ct)).IsSuccess);

    private Task TickAsync() => _controller.TickAsync(Ct);

    private async Task<Rollout> RolloutAsync() => (await _rollouts.GetAsync("bc", Ct)).Value;

    private async Task<Deployment> DeploymentAsync() => (await _deployments.GetAsync("bc", Ct)).Value;

    private async Task<IReadOnlyList<DeploymentRevision>> RevisionsAsync() => (await _deployments.ListRevisionsAsync("bc", Ct)).Value;

    private static NewModelVersion Version() => new(
        ModelName.Parse("bc").Value, ModelFormat.Onnx, 1234, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("bc"))),
        new ModelSignature([new TensorSpec("Features", TensorDataType.Fp32, [-1, 30])], [new TensorSpec("Probability", TensorDataType.Fp32, [-1])], ["Features"]),
        new Dictionary<string, double>(), new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, Lineage.None, null, Alice, null);

    /// <summary>The stable version's and the canary's counters, filled by the test as the data plane would fill them.</summary>
    private sealed class Counters : IRolloutTraffic
    {
        private readonly TrafficCounters _stable = new();
        private readonly TrafficCounters _canary = new();

        public void Serve(int stable, int canary, int canaryErrors = 0, TimeSpan? canaryLatency = null)
        {
            for (var i = 0; i < stable; i++)
                _stable.Record(true, TimeSpan.FromMilliseconds(2));
            for (var i = 0; i < canary; i++)
                _canary.Record(i >= canaryErrors, canaryLatency ?? TimeSpan.FromMilliseconds(2));
        }

        public (TrafficSample? Stable, TrafficSample? Canary) Sample(string model, int canary) => (_stable.Sample(), _canary.Sample());
    }
}
