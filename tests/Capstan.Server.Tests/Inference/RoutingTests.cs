using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Core.Registry;
using Capstan.Core.Serving;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Tests.Inference.Grpc;
using Capstan.Server.Tests.Support;
using Capstan.Serving.Routing;
using Capstan.Testing.Load;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Grpc.Core;
using Grpc.Net.Client;

namespace Capstan.Server.Tests.Inference;

/// <summary>
/// Routing a deployment's traffic over REST and gRPC on a real server: weights, sticky keys, pinned versions, a shadow
/// and swaps under load, each traffic policy put through the deployments API.
/// </summary>
public sealed class RoutingTests : IAsyncLifetime
{
    private static readonly string Body = InferBodies.BreastCancerProbability;
    private RunningServer _server = null!;
    private GrpcChannel _channel = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GRPCInferenceService.GRPCInferenceServiceClient Grpc => new(_channel);

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["ServingOptions:RoutingSeed"] = "42" });
        await _server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _server.Http.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await _server.Http.DeployAsync("bc:1");
        _channel = GrpcChannels.For(_server);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    private async Task RouteAsync(TrafficVariant[] variants, ShadowTraffic? shadow = null, StickyKey? sticky = null)
    {
        await _server.Http.DeployAsync(new DeploymentRequest(variants[0].Target, Variants: variants, Shadow: shadow, Sticky: sticky));
    }

    /// <summary>Runs one request over REST and returns the version that answered, checking that the header and the body name the same one.</summary>
    private async Task<string> InferAsync(string path = "/v2/models/bc/infer", string? header = null, string? key = null, string body = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.Length > 0 ? body : Body, Encoding.UTF8, "application/json") };
        if (header is not null)
            request.Headers.Add(header, key);
        using var response = await _server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        var version = json.RootElement.GetProperty("model_version").GetString()!;
        Assert.Equal($"bc:{version}", response.Headers.GetValues("X-Capstan-Version").Single());
        return version;
    }

    private async Task<string> InferGrpcAsync(string? version = null, string? parameterKey = null, string? headerKey = null)
    {
        var request = InferRequests.Typed("bc", "Features", "FP32", [1, 30], new InferTensorContents { Fp32Contents = { TestModels.BreastCancer.Holdout[0].Features } });
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "Probability.output" });
        if (version is not null)
            request.ModelVersion = version;
        if (parameterKey is not null)
            request.Parameters["user"] = new InferParameter { StringParam = parameterKey };
        var headers = headerKey is null ? null : new Metadata { { "x-user-id", headerKey } };
        return (await Grpc.ModelInferAsync(request, headers, cancellationToken: Ct)).ModelVersion;
    }

    private async Task<IReadOnlyList<LoadedModelStatus>> StatusAsync() => (await _server.Http.GetOkAsync<ServerStatus>("/api/v1/status")).Models;

    private static int Expected(string key, int canaryWeight) =>
        WeightedRendezvous.Choose(WeightedRendezvous.HashKey(key), [WeightedRendezvous.HashTarget("bc:1"), WeightedRendezvous.HashTarget("bc:2")], [100 - canaryWeight, canaryWeight]) + 1;

    [Fact]
    public async Task WeightedRouting_SharesTenThousandRequestsWithinThreePointsOfTheWeights()
    {
        await RouteAsync([new("bc:1", 80), new("bc:2", 20)]);
        var answered = new ConcurrentDictionary<string, int>();
        var next = -1;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < 10_000)
                answered.AddOrUpdate(await InferAsync(), 1, (_, n) => n + 1);
        }, Ct)));

        TestContext.Current.TestOutputHelper?.WriteLine($"bc:1 {answered["1"]}, bc:2 {answered["2"]} of 10,000");
        Assert.InRange(answered["2"] / 100.0, 17, 23);
        Assert.Equal(10_000, answered["1"] + answered["2"]);
        var status = await StatusAsync();
        Assert.Equal([(1, 80, (long)answered["1"]), (2, 20, (long)answered["2"])], status.Select(m => (m.Version, m.Weight!.Value, m.Traffic!.Requests)));
        Assert.All(status, m => Assert.True(m.Traffic!.Errors == 0 && m.Traffic.P50Milliseconds > 0 && m.Traffic.P99Milliseconds >= m.Traffic.P50Milliseconds, $"{m.Traffic}"));
    }

    [Fact]
    public async Task StickyHeader_KeepsEachKeyOnOneVariantAndGrowingTheCanaryMovesOnlyStableKeys()
    {
        var sticky = new StickyKey("x-user-id", "user");
        var keys = Enumerable.Range(0, 200).Select(i => $"user-{i}").ToList();
        await RouteAsync([new("bc:1", 90), new("bc:2", 10)], sticky: sticky);

        var before = new Dictionary<string, string>();
        foreach (var key in keys)
            before[key] = await InferAsync(header: "x-user-id", key: key);
        foreach (var key in keys)
            Assert.Equal(before[key], await InferAsync(header: "X-User-Id", key: key));
        await RouteAsync([new("bc:1", 75), new("bc:2", 25)], sticky: sticky);
        var after = new Dictionary<string, string>();
        foreach (var key in keys)
            after[key] = await InferAsync(header: "x-user-id", key: key);

        Assert.All(keys, k => Assert.Equal((Expected(k, 10), Expected(k, 25)), (int.Parse(before[k], CultureInfo.InvariantCulture), int.Parse(after[k], CultureInfo.InvariantCulture))));
        var moved = keys.Where(k => before[k] != after[k]).ToList();
        Assert.NotEmpty(moved);
        Assert.All(moved, k => Assert.Equal(("1", "2"), (before[k], after[k])));
    }

    [Fact]
    public async Task StickyParameter_RoutesGrpcAndRestRequestsAsTheHeaderDoes()
    {
        await RouteAsync([new("bc:1", 50), new("bc:2", 50)], sticky: new StickyKey("x-user-id", "user"));
        var withParameter = $$"""{"parameters": {"user": "{0}"}, {{Body[1..]}}""";

        for (var i = 0; i < 60; i++)
        {
            var key = $"user-{i}";
            var expected = Expected(key, 50).ToString(CultureInfo.InvariantCulture);
            Assert.Equal(expected, await InferAsync(header: "x-user-id", key: key));
            Assert.Equal(expected, await InferAsync(body: withParameter.Replace("{0}", key, StringComparison.Ordinal)));
            Assert.Equal(expected, await InferGrpcAsync(parameterKey: key));
            Assert.Equal(expected, await InferGrpcAsync(headerKey: key));
        }
    }

    [Fact]
    public async Task VersionedPath_PinsALoadedVersionOverRestAndGrpc()
    {
        await RouteAsync([new("bc:1", 50), new("bc:2", 50)]);

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal("2", await InferAsync("/v2/models/bc/versions/2/infer"));
            Assert.Equal("1", await InferGrpcAsync(version: "1"));
        }
        using var missing = await _server.Http.PostAsync("/v2/models/bc/versions/3/infer", new StringContent(Body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task FailingShadow_FailsNoPrimaryRequestAndItsCountersShowItRan()
    {
        await _server.Http.PushAsync("bc", TestModels.IdentityPerTypeOnnx);
        await RouteAsync([new("bc:1", 100)]);
        await LoadAsync();
        var without = await LoadAsync();

        await RouteAsync([new("bc:1", 100)], new ShadowTraffic("bc:3", 50));
        var with = await LoadAsync();

        TestContext.Current.TestOutputHelper?.WriteLine($"primary p99 over REST without a shadow {without:F2} ms, with a failing shadow on half the requests {with:F2} ms");
        var status = await ShadowSettledStatusAsync(3);
        var (primary, shadow) = (status.Single(m => m.Version == 1), status.Single(m => m.Version == 3));
        Assert.Equal((3 * Requests, 0L), (primary.Traffic!.Requests, primary.Traffic.Errors));
        Assert.Equal((null, (int?)50), (shadow.Weight, shadow.ShadowPercent));
        Assert.Null(shadow.Traffic);
        Assert.True(shadow.ShadowTraffic!.Requests > 0 && shadow.ShadowTraffic.Errors == shadow.ShadowTraffic.Requests, $"{shadow.ShadowTraffic}");
        Assert.InRange(shadow.ShadowTraffic.Requests + shadow.ShadowTraffic.Dropped, Requests * 0.43, Requests * 0.57);
    }

    /// <summary>The status once the shadow copies still running after the load have been counted: two reads 100 ms apart that agree on <paramref name="version"/>'s shadow counts.</summary>
    /// <remarks>Shadow copies run after their primary has answered, so some are still in flight when the load ends.</remarks>
    private async Task<IReadOnlyList<LoadedModelStatus>> ShadowSettledStatusAsync(int version)
    {
        var status = await StatusAsync();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(100, Ct);
            var next = await StatusAsync();
            if (Shadow(next) == Shadow(status))
                return next;
            status = next;
        }
        return status;

        (long, long)? Shadow(IReadOnlyList<LoadedModelStatus> models) =>
            models.Single(m => m.Version == version).ShadowTraffic is { } traffic ? (traffic.Requests, traffic.Dropped) : null;
    }

    private const int Requests = 1000;

    /// <summary>Runs <see cref="Requests"/> REST requests from 8 concurrent callers, each answered by version 1, and returns the callers' 99th percentile latency in milliseconds.</summary>
    private Task<double> LoadAsync() => ConcurrentLoad.P99Async(Requests, 8, async _ => Assert.Equal("1", await InferAsync()));

    [Fact]
    public async Task SwappingVariants_UnderConcurrentLoadFailsNoRequestAndEachAnswerNamesOneExpectedVersion()
    {
        await RouteAsync([new("bc:1", 90), new("bc:2", 10)]);
        using var stop = new CancellationTokenSource();
        var answered = new ConcurrentDictionary<string, int>();
        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                answered.AddOrUpdate(worker % 2 == 0 ? await InferAsync() : await InferGrpcAsync(), 1, (_, n) => n + 1);
        }, Ct)).ToList();

        foreach (var variants in new TrafficVariant[][]
        {
            [new("bc:1", 50), new("bc:2", 50)], [new("bc:2", 100)], [new("bc:1", 100)], [new("bc:1", 10), new("bc:2", 90)], [new("bc:1", 90), new("bc:2", 10)],
        })
        {
            await Task.Delay(300, Ct);
            await RouteAsync(variants);
        }
        await Task.Delay(300, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", answered.Select(a => $"bc:{a.Key} {a.Value}")));
        Assert.Equal(["1", "2"], answered.Keys.Order());
        Assert.Equal([1, 2], (await StatusAsync()).Select(m => m.Version));
    }
}
