using System.Globalization;
using System.Net;
using System.Text;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Telemetry;

public sealed class MetricsEndpointTests
{
    private const string Model = "bc-metrics";

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Metrics_CountsRequestsFailuresAndLatencyPerVersionInTextPromtoolAccepts()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Http.PushAsync(Model, TestModels.BreastCancerOnnx);
        await server.Http.DeployAsync($"{Model}:1");
        for (var i = 0; i < 3; i++)
            (await server.Http.PostAsync($"/v2/models/{Model}/infer", Body(InferBodies.BreastCancerProbability))).EnsureSuccessStatusCode();
        var wrongShape = $$"""{"inputs": [{"name": "Features", "shape": [1, 29], "datatype": "FP32", "data": [{{string.Join(",", Enumerable.Repeat("0.5", 29))}}]}]}""";
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.PostAsync($"/v2/models/{Model}/infer", Body(wrongShape))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.PostAsync("/v2/models/no-such-model-here/infer", Body(InferBodies.BreastCancerProbability))).StatusCode);

        using var response = await server.Http.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        (string, string)[] stable = [("model", Model), ("version", "1"), ("variant", "stable")];
        Assert.Equal(4, Assert.Single(PrometheusText.Values(body, "capstan_inference_requests_total", stable)));
        Assert.Equal(1, Assert.Single(PrometheusText.Values(body, "capstan_inference_failures_total", [.. stable, ("cause", "invalid_input")])));
        Assert.True(Assert.Single(PrometheusText.Values(body, "capstan_inference_failures_total", ("model", ""), ("version", ""), ("cause", "not_found"))) >= 1);
        Assert.Equal(4, Assert.Single(PrometheusText.Values(body, "capstan_inference_duration_seconds_count", stable)));
        Assert.Equal(3, Assert.Single(PrometheusText.Values(body, "capstan_inference_queue_duration_seconds_count", stable)));
        Assert.Equal(3, Assert.Single(PrometheusText.Values(body, "capstan_inference_compute_duration_seconds_count", stable)));
        Assert.Equal(3, Assert.Single(PrometheusText.Values(body, "capstan_inference_batch_size_bucket", [.. stable, ("le", "1")])));
        (string, string)[] version = [("model", Model), ("version", "1")];
        Assert.Equal(0, Assert.Single(PrometheusText.Values(body, "capstan_inference_in_flight", version)));
        Assert.Equal(1, Assert.Single(PrometheusText.Values(body, "capstan_model_state", [.. version, ("state", "ready")])));
        Assert.Equal(0, Assert.Single(PrometheusText.Values(body, "capstan_model_state", [.. version, ("state", "unloading")])));
        Assert.True(Assert.Single(PrometheusText.Values(body, "capstan_model_load_duration_seconds", version)) > 0);
        Assert.True(Assert.Single(PrometheusText.Values(body, "capstan_model_memory_bytes", version)) > 0);
        var (exitCode, output) = await Promtool.CheckMetricsAsync(body);
        Assert.True(exitCode == 0, $"promtool check metrics failed:\n{output}");
    }

    [Fact]
    public async Task Metrics_TimeInferenceWithTheServingInstrumentsOnly_AndOtherRoutesWithAspNetCores()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Http.PushAsync(Model, TestModels.BreastCancerOnnx);
        await server.Http.DeployAsync($"{Model}:1");
        var row = string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        (await server.Http.PostAsync($"/v2/models/{Model}/infer", Body(InferBodies.BreastCancerProbability))).EnsureSuccessStatusCode();
        (await server.Http.PostAsync($"/v1/models/{Model}:predict", Body($$"""{"instances": [{"Features": [{{row}}]}]}"""))).EnsureSuccessStatusCode();
        (await server.Http.GetAsync("/v2")).EnsureSuccessStatusCode();
        using var channel = GrpcChannels.For(server);
        await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ServerLiveAsync(new ServerLiveRequest(), cancellationToken: TestContext.Current.CancellationToken);

        var body = await server.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(1, Assert.Single(PrometheusText.Values(body, "http_server_request_duration_seconds_count", ("http_route", "/v2"))));
        Assert.Empty(PrometheusText.Values(body, "http_server_request_duration_seconds_count", ("http_route", "/v2/models/{name}/infer")));
        Assert.Empty(PrometheusText.Values(body, "http_server_request_duration_seconds_count", ("http_route", "/v1/models/{name}:predict")));
        Assert.DoesNotContain("GRPCInferenceService", body, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(PrometheusText.Values(body, "capstan_inference_requests_total", ("model", Model), ("version", "1"))));
    }

    [Fact]
    public async Task Metrics_NeedsAReadKeyUnlessOpenedToAnonymousScrapers()
    {
        await using var closed = await RunningServer.StartAsync();
        await using var open = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["TelemetryOptions:MetricsAnonymous"] = "true" });
        using var anonymous = new HttpClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(closed.BaseAddress, "/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(open.BaseAddress, "/metrics"))).StatusCode);
    }
}
