using System.Net;
using System.Text;
using Capstan.Core.Monitoring;
using Capstan.Monitoring.Signals;
using Capstan.Server.Tests.Support;
using Capstan.Server.Tests.Telemetry;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Server.Tests.Drift;

/// <summary>Drift on a real server with the inference log on: the breast cancer model the quickstart trains, profiled from its training data, sent an unshifted and a shifted stream.</summary>
/// <remarks>
/// Runs alone (<see cref="MonitoringMetricsCollection"/>), so that its drift gauges stay on its /metrics.
/// </remarks>
[Collection(nameof(MonitoringMetricsCollection))]
public sealed class DriftEndToEndTests
{
    private const int Rows = 300;

    /// <summary>Logging on, files rolled every second so the reader sees requests soon, and the scheduled evaluation every second.</summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["InferenceLogOptions:Enabled"] = "true",
        ["InferenceLogOptions:RollInterval"] = "00:00:01",
        ["DriftOptions:Interval"] = "00:00:01",
    };

    [Fact]
    public async Task ShiftedStream_Drifts_UnshiftedDoesNot_InTheReportTheMetricsAndTheSignals()
    {
        using var files = new TempDirectory();
        await using var server = await RunningServer.StartAsync(settings: Settings);
        var csv = ReferenceData.WriteCsv(Path.Combine(files.Path, "train.csv"), ReferenceData.BreastCancerRows);
        foreach (var model in new[] { "steady", "shifted", "unprofiled" })
        {
            await server.Http.PushAsync(model, TestModels.BreastCancerOnnx);
            if (model != "unprofiled")
                await (await server.Http.PutAsync($"/api/v1/models/{model}/versions/1/profile", new StringContent(File.ReadAllText(csv), Encoding.UTF8, "text/csv"))).ReadOkAsync<ReferenceProfile>();
            await server.Http.DeployAsync($"{model}:1");
        }
        var quiet = await server.Http.GetOkAsync<DriftReport>("/api/v1/models/steady/drift?window=1h");

        await SendAsync(server, "steady", ReferenceData.Resample(Rows, seed: 7));
        await SendAsync(server, "shifted", ReferenceData.Scaled(ReferenceData.Resample(Rows, seed: 8), 1.5f));
        await SendAsync(server, "unprofiled", ReferenceData.Resample(30, seed: 9));
        var steady = await LoggedAsync(server, "steady", Rows);
        var shifted = await LoggedAsync(server, "shifted", Rows);
        var unprofiled = await LoggedAsync(server, "unprofiled", 30);

        Assert.Empty(quiet.Versions);
        Assert.StartsWith("No requests to 'steady' were logged from ", quiet.Message);
        var calm = Assert.Single(steady.Versions);
        Assert.Equal((1, Rows, 569L), (calm.Version, calm.Rows, calm.ReferenceRows));
        Assert.Equal(["stable"], calm.Variants);
        Assert.Equal(30, calm.Dataset!.Features.Count);
        Assert.All(calm.Dataset.Features, f => Assert.Equal(DriftTest.KolmogorovSmirnov, f.Test));
        Assert.False(calm.Dataset.Drifted, $"the unshifted stream drifted: {calm.Dataset.DriftedShare}");
        Assert.True(calm.Dataset.DriftedShare < 0.2);
        Assert.False(calm.Predictions!.Drifted);
        var moved = shifted.Headline!;
        Assert.True(moved.Dataset!.Drifted);
        Assert.True(moved.Dataset.DriftedShare >= 0.9, $"only {moved.Dataset.DriftedShare} of the scaled features drifted");
        Assert.True(moved.Predictions!.Features.Count > 0);
        var radius = moved.Dataset.Features.Single(f => f.Feature == "mean radius");
        Assert.Equal((31, 30, 30), (radius.Histogram.Edges!.Count, radius.Histogram.Reference.Count, radius.Histogram.Current.Count));
        Assert.Equal((569.0, (double)Rows), (radius.Histogram.Reference.Sum(), radius.Histogram.Current.Sum()));
        Assert.True(radius.PValue < 0.05);
        Assert.Null(Assert.Single(unprofiled.Versions).Dataset);
        Assert.Equal(
            "Version unprofiled:1 has no reference profile; upload one with 'capstan profile unprofiled:1 --data FILE'.",
            unprofiled.Versions[0].Message);

        var psi = await server.Http.GetOkAsync<DriftReport>("/api/v1/models/steady/drift?window=1h&test=psi&threshold=0.2&share=0.3");
        Assert.All(psi.Headline!.Dataset!.Features, f => Assert.Equal((DriftTest.PopulationStabilityIndex, 0.2, (double?)null), (f.Test, f.Threshold, f.PValue)));
        Assert.Equal(0.3, psi.Headline.Dataset.ShareThreshold);

        var metrics = await ScrapedAsync(server);
        (string, string)[] steadyTags = [("model", "steady"), ("version", "1")];
        (string, string)[] shiftedTags = [("model", "shifted"), ("version", "1")];
        Assert.Equal(0, Assert.Single(PrometheusText.Values(metrics, "capstan_drift_detected", steadyTags)));
        Assert.Equal(1, Assert.Single(PrometheusText.Values(metrics, "capstan_drift_detected", shiftedTags)));
        Assert.True(Assert.Single(PrometheusText.Values(metrics, "capstan_drift_share", shiftedTags)) >= 0.9);
        Assert.Equal(Rows, Assert.Single(PrometheusText.Values(metrics, "capstan_drift_rows", shiftedTags)));
        Assert.Equal(30, PrometheusText.Values(metrics, "capstan_drift_feature_statistic", [.. shiftedTags, ("test", "ks")]).Count);
        Assert.Single(PrometheusText.Values(metrics, "capstan_drift_feature_statistic", [.. steadyTags, ("feature", "mean radius"), ("test", "ks")]));
        Assert.NotEmpty(PrometheusText.Values(metrics, "capstan_drift_prediction_statistic", shiftedTags));
        Assert.Single(PrometheusText.Values(metrics, "capstan_drift_prediction_detected", shiftedTags));
        Assert.Empty(PrometheusText.Values(metrics, "capstan_drift_share", ("model", "unprofiled")));
        var (exitCode, output) = await Promtool.CheckMetricsAsync(metrics);
        Assert.True(exitCode == 0, $"promtool check metrics failed:\n{output}");

        var signals = server.Services.GetServices<ISignalSource>().Single(s => s.Provides("drift_share"));
        var hour = TimeSpan.FromHours(1);
        Assert.True(await signals.ReadAsync("shifted", "drift_share", hour, CancellationToken.None) >= 0.9);
        Assert.Equal(1, await signals.ReadAsync("shifted", "drift_detected", hour, CancellationToken.None));
        Assert.Equal(0, await signals.ReadAsync("steady", "drift_detected", hour, CancellationToken.None));
        Assert.Equal(radius.Statistic, await signals.ReadAsync("shifted", "drift:mean radius", hour, CancellationToken.None));
        Assert.NotNull(await signals.ReadAsync("shifted", "prediction_drift_share", TimeSpan.FromMinutes(30), CancellationToken.None));
        Assert.Null(await signals.ReadAsync("unprofiled", "drift_share", hour, CancellationToken.None));
        Assert.Null(await signals.ReadAsync("shifted", "drift:no such feature", hour, CancellationToken.None));
        Assert.False(signals.Provides("accuracy"));
    }

    [Fact]
    public async Task Drift_RefusesBadArgumentsAndUnknownModels()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);

        (string Query, HttpStatusCode Status, string Detail)[] cases =
        [
            ("ghost/drift", HttpStatusCode.NotFound, "Model 'ghost' does not exist."),
            ("bc/drift?window=yesterday", HttpStatusCode.BadRequest, "The window 'yesterday' is not a duration such as 30m, 1h or 7d."),
            ("bc/drift?window=365d", HttpStatusCode.BadRequest, "The window 365d is outside 1s to 90d."),
            ("bc/drift?test=t", HttpStatusCode.BadRequest, "The drift test 't' is not one of ks, chisquare, z, wasserstein, jensenshannon, psi."),
            ("bc/drift?threshold=0.2", HttpStatusCode.BadRequest, "A threshold needs the test it applies to"),
            ("bc/drift?test=ks&threshold=2", HttpStatusCode.BadRequest, "The threshold 2 of ks is not a p-value above 0 and at most 1."),
            ("bc/drift?share=many", HttpStatusCode.BadRequest, "The share 'many' is not a number."),
            ("bc/drift?share=0", HttpStatusCode.BadRequest, "The drift share 0 is outside (0, 1]"),
        ];
        foreach (var (query, status, detail) in cases)
        {
            using var response = await server.Http.GetAsync($"/api/v1/models/{query}");
            Assert.Contains(detail, await response.AssertProblemAsync(status, status == HttpStatusCode.NotFound ? "NotFound" : "InvalidInput"), StringComparison.Ordinal);
        }
    }

    /// <summary>Sends <paramref name="rows"/> to <paramref name="model"/> in requests of 30 rows.</summary>
    private static async Task SendAsync(RunningServer server, string model, IReadOnlyList<float[]> rows)
    {
        foreach (var chunk in rows.Chunk(30))
        {
            using var response = await server.Http.PostAsync($"/v2/models/{model}/infer", new StringContent(ReferenceData.InferBody(chunk), Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The drift of <paramref name="model"/> once all <paramref name="rows"/> are readable in its log (files roll every second).</summary>
    private static async Task<DriftReport> LoggedAsync(RunningServer server, string model, int rows)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var report = await server.Http.GetOkAsync<DriftReport>($"/api/v1/models/{model}/drift?window=1h");
            if (report.Rows >= rows)
                return report;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The log of {model} did not hold {rows} rows within 30 seconds.");
    }

    private static async Task<string> ScrapedAsync(RunningServer server)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var body = await server.Http.GetStringAsync("/metrics");
            if (PrometheusText.Values(body, "capstan_drift_rows", ("model", "shifted")) is [Rows] && PrometheusText.Values(body, "capstan_drift_rows", ("model", "steady")) is [Rows])
                return body;
            await Task.Delay(100);
        }
        throw new TimeoutException("The drift gauges did not reach /metrics within 30 seconds.");
    }
}
