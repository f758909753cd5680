using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.DataPlane;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Routing;
using Capstan.Serving.Tests.Support;
using Capstan.Testing.Load;
using Capstan.Testing.Models;

namespace Capstan.Serving.Tests.Routing;

/// <summary>The reconciler and the data plane with deployments of several variants and a shadow, given through the reconciler's seam while the store keeps only the target.</summary>
public sealed class VariantServingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static float[] Row(int index) => TestModels.BreastCancer.Holdout[index % 20].Features;

    private static async Task<ServingHarness> StartWithTwoVersionsAsync(Func<IModelRuntime, IModelRuntime>? wrapRuntime = null)
    {
        var serving = await ServingHarness.StartAsync(wrapRuntime: wrapRuntime);
        await serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        await serving.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await serving.DeployAsync("bc:1");
        return serving;
    }

    private static async Task<Deployment> RouteAsync(ServingHarness serving, TrafficVariant[] variants, ShadowTraffic? shadow = null)
    {
        return await serving.DeployAsync(new DeploymentRequest(variants[0].Target, Variants: variants, Shadow: shadow));
    }

    [Fact]
    public async Task Variants_LoadEveryVersionAndTheStatusGivesEachItsWeight()
    {
        await using var serving = await StartWithTwoVersionsAsync();

        var deployment = await RouteAsync(serving, [new("bc:1", 90), new("bc:2", 10)]);

        Assert.Equal((DeploymentState.Ready, (int?)1), (deployment.Status.State, deployment.Status.ServingVersion));
        var status = new ServingStatus(serving.Table).Snapshot().Models;
        Assert.Equal([(1, true, (int?)90), (2, false, (int?)10)], status.Select(m => (m.Version, m.Current, m.Weight)));
    }

    [Fact]
    public async Task Variants_ACanaryThatFailsToLoadLeavesTheStableServingAndTheStatusNamesIt()
    {
        await using var serving = await StartWithTwoVersionsAsync(runtime => new AlteredRuntime(runtime, failsToLoad: "bc-2", slow: null, TimeSpan.Zero));

        var deployment = await RouteAsync(serving, [new("bc:1", 50), new("bc:2", 50)]);

        Assert.Equal((DeploymentState.Failed, (int?)1), (deployment.Status.State, deployment.Status.ServingVersion));
        Assert.Contains("bc:2 failed to load", deployment.Status.Reason);
        Assert.Equal([1], serving.Table.Find("bc")!.Versions.Select(v => v.Version));
        for (var i = 0; i < 50; i++)
            Assert.Equal("1", (await serving.ScoreAsync("bc", Row(i))).Version);
    }

    [Fact]
    public async Task Variants_FollowAnAliasWhenItMovesAndRetireTheVersionLeftBehind()
    {
        await using var serving = await StartWithTwoVersionsAsync();
        await serving.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath, alias: "canary");
        await serving.Registry.SetAliasAsync("bc", "canary", 2, new Actor("test"), Ct);
        await RouteAsync(serving, [new("bc:1", 50), new("bc@canary", 50)]);
        var left = serving.Table.Find("bc")!.Find(2)!;

        await serving.Registry.SetAliasAsync("bc", "canary", 3, new Actor("test"), Ct);
        await serving.ReconcileAsync();

        Assert.Equal([1, 3], serving.Table.Find("bc")!.Versions.Select(v => v.Version).Order());
        var answered = new HashSet<string>();
        for (var i = 0; i < 100; i++)
            answered.Add((await serving.ScoreAsync("bc", Row(i))).Version);
        Assert.Equal(["1", "3"], answered.Order());
        await Poll.UntilAsync(() => left.State == ModelState.Unavailable);
    }

    [Fact]
    public async Task Variants_NoLongerReferencedDrainAndRetire()
    {
        await using var serving = await StartWithTwoVersionsAsync();
        await RouteAsync(serving, [new("bc:1", 50), new("bc:2", 50)]);
        var first = serving.Table.Find("bc")!.Find(1)!;

        var deployment = await RouteAsync(serving, [new("bc:2", 100)]);

        Assert.Equal((DeploymentState.Ready, (int?)2), (deployment.Status.State, deployment.Status.ServingVersion));
        Assert.Equal([2], serving.Table.Find("bc")!.Versions.Select(v => v.Version));
        await Poll.UntilAsync(() => first.State == ModelState.Unavailable);
    }

    [Fact]
    public async Task Pick_AllocatesNothingWhetherRoutingByHeaderParameterOrWeight()
    {
        await using var serving = await StartWithTwoVersionsAsync();
        await serving.DeployAsync(new DeploymentRequest("bc:1", Variants: [new("bc:1", 70), new("bc:2", 30)], Sticky: new StickyKey("x-user-id", "user")));
        var routes = serving.Table.Find("bc")!.Routes!;
        var random = new RoutingRandom(1);
        var byText = new InferenceRequest(null, [], Parameters: new Dictionary<string, InferenceParameter> { ["user"] = "user-7" });
        var byNumber = new InferenceRequest(null, [], Parameters: new Dictionary<string, InferenceParameter> { ["user"] = 7L });
        var plain = new InferenceRequest(null, []);
        for (var i = 0; i < 10_000; i++)
            Pick();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            Pick();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Pick()
        {
            routes.Pick("user-7", random);
            routes.Pick(byText, random);
            routes.Pick(byNumber, random);
            routes.Pick(plain, random);
        }
    }

    [Fact]
    public async Task SlowShadow_UnderConcurrentLoadChangesNeitherThePrimarysErrorsNorItsP99()
    {
        await using var serving = await StartWithTwoVersionsAsync(runtime => new AlteredRuntime(runtime, failsToLoad: null, slow: "bc-2", TimeSpan.FromMilliseconds(20)));
        await RouteAsync(serving, [new("bc:1", 100)]);
        await LoadAsync(serving);
        var without = await LoadAsync(serving);

        await RouteAsync(serving, [new("bc:1", 100)], new ShadowTraffic("bc:2", 100));
        var with = await LoadAsync(serving);

        var (primary, shadow) = (serving.Table.Find("bc")!.Find(1)!, serving.Table.Find("bc")!.Find(2)!);
        await Poll.UntilAsync(() => shadow.ShadowTraffic.Snapshot() is var s && s.Requests + s.Dropped == Requests);
        TestContext.Current.TestOutputHelper?.WriteLine($"primary p99 without a shadow {without:F2} ms, with a 20 ms shadow {with:F2} ms; shadow {shadow.ShadowTraffic.Snapshot()}");
        Assert.Equal(0, primary.LiveTraffic.Snapshot().Errors);
        Assert.Equal(3 * Requests, primary.LiveTraffic.Snapshot().Requests);
        Assert.True(with <= Math.Max(3 * without, without + 5), $"the primary's p99 went from {without:F2} ms to {with:F2} ms");
        var counted = shadow.ShadowTraffic.Snapshot();
        Assert.True(counted.Requests > 0 && counted.Dropped > 0, $"{counted}");
        Assert.Equal(0, counted.Errors);
        Assert.InRange(counted.P50Milliseconds, 18, 40);
        Assert.False(shadow.LiveTraffic.Used);
    }

    private const int Requests = 2000;

    /// <summary>Runs <see cref="Requests"/> requests from 8 concurrent callers, each answered by version 1, and returns the callers' 99th percentile latency in milliseconds.</summary>
    private static Task<double> LoadAsync(ServingHarness serving) =>
        ConcurrentLoad.P99Async(Requests, 8, async i => Assert.Equal("1", (await serving.ScoreAsync("bc", Row(i))).Version));
}
