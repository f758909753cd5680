using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Core.Alerts;
using Capstan.Core.Serialization;
using Capstan.Monitoring.Alerts;
using Capstan.Server.Tests.Support;
using Capstan.Server.Tests.Telemetry;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Alerts;

/// <summary>A served model's real traffic moves an alert on its error rate: the alert fires, its webhook is called, the gauge shows it, and it resolves when the errors stop.</summary>
[Collection(nameof(MonitoringMetricsCollection))]
public sealed class AlertsEndToEndTests : IDisposable
{
    private static readonly string WrongShape =
        $$"""{"inputs": [{"name": "Features", "shape": [1, 29], "datatype": "FP32", "data": [{{string.Join(",", Enumerable.Repeat("0.5", 29))}}]}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Ends a wait for a webhook or a gauge that never comes, so a broken evaluator fails the test rather than hanging it.</summary>
    private readonly CancellationTokenSource _patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    [Fact]
    public async Task ErrorRateRule_FiresFromRealTrafficCallsItsWebhookAndResolvesWhenErrorsStop()
    {
        _patience.CancelAfter(TimeSpan.FromMinutes(3));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await RunningServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["AlertOptions:EvaluationInterval"] = "00:00:00.100",
            ["AlertOptions:WebhookBaseDelay"] = "00:00:00.050",
        });
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await server.Http.DeployAsync("bc:1");
        var rule = new AlertRuleRequest("bc", "error_rate", ">", 0.2, 300, 0, "critical", "Requests are failing.", [new AlertWebhook(receiver.Url.AbsoluteUri)]);
        await (await server.Http.PutAsync("/api/v1/alerts/rules/bc-errors", Http.Json(rule))).ReadOkAsync<AlertRule>();

        await InferAsync(server, InferBodies.BreastCancerProbability, HttpStatusCode.OK, 4);
        await InferAsync(server, WrongShape, HttpStatusCode.BadRequest, 4);
        var fired = Body(await receiver.NextAsync(_patience.Token));

        Assert.Equal(("bc-errors", "bc", "error_rate", "firing", ">", 0.2, "critical"), (fired.Rule, fired.Model, fired.Signal, fired.State, fired.Comparison, fired.Threshold, fired.Severity));
        Assert.InRange(fired.Value, 0.2, 0.5);
        var alert = Assert.Single(await server.Http.GetOkAsync<List<Alert>>("/api/v1/alerts"));
        Assert.Equal((AlertState.Firing, fired.At), (alert.Status.State, alert.Status.Since));
        var metrics = await MetricsWhenFiringAsync(server);
        var (exitCode, output) = await Promtool.CheckMetricsAsync(metrics);
        Assert.True(exitCode == 0, $"promtool check metrics failed:\n{output}");

        await InferAsync(server, InferBodies.BreastCancerProbability, HttpStatusCode.OK, 40);
        var resolved = Body(await receiver.NextAsync(_patience.Token));

        Assert.Equal(("resolved", fired.At), (resolved.State, resolved.Since));
        Assert.True(resolved.Value <= 0.2, $"resolved at {resolved.Value}");
        var history = await server.Http.GetOkAsync<List<AlertTransition>>("/api/v1/alerts/bc-errors/history");
        Assert.Equal([AlertChange.Resolved, AlertChange.Firing], history.Select(t => t.Change));
        Assert.Equal(2, receiver.Count);
    }

    /// <inheritdoc />
    public void Dispose() => _patience.Dispose();

    private static async Task InferAsync(RunningServer server, string body, HttpStatusCode expected, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await server.Http.PostAsync("/v2/models/bc/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    /// <summary>The exposition once the gauge shows the rule firing, which the evaluator publishes when its pass over every rule ends.</summary>
    private async Task<string> MetricsWhenFiringAsync(RunningServer server)
    {
        while (true)
        {
            var metrics = await server.Http.GetStringAsync("/metrics", Ct);
            if (PrometheusText.Values(metrics, "capstan_alert", ("model", "bc"), ("rule", "bc-errors")) is [1])
                return metrics;
            await Task.Delay(50, _patience.Token);
        }
    }

    private static WebhookBody Body(ReceivedWebhook received) => JsonSerializer.Deserialize<WebhookBody>(received.Body, CapstanJson.Options)!;
}
