using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Core.Feedback;
using Capstan.Core.Performance;
using Capstan.Monitoring.Performance;
using Capstan.Server.Tests.Support;
using Capstan.Server.Tests.Telemetry;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Performance;

/// <summary>End to end on a real server with the inference log on: the quickstart's breast cancer model answers holdout rows, their true labels are posted, and the realized figures match the model's own answers.</summary>
[Collection(nameof(MonitoringMetricsCollection))]
public sealed class RealizedPerformanceTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["InferenceLogOptions:Enabled"] = "true",
        ["InferenceLogOptions:RollInterval"] = "00:00:01",
        ["PerformanceOptions:Interval"] = "00:00:01",
        ["PerformanceOptions:Window"] = "01:00:00",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostedTruth_GivesTheAccuracyOfTheModelsOwnAnswers_AndWrongLabelsOnTheNextVersionShowTheDrop()
    {
        await using var server = await RunningServer.StartAsync(settings: Settings);
        var holdout = TestModels.BreastCancer.Holdout;
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await server.Http.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await server.Http.DeployAsync("bc:1");
        var first = await AnswerAsync(server, "v1", "1");
        await server.Http.DeployAsync("bc:2");
        var second = await AnswerAsync(server, "v2", "2");
        var truth = holdout.Select(s => s.Label).ToArray();
        var labels = truth.Select((t, i) => new GroundTruth($"v1-{i}", LabelValue.Of(t)))
            .Concat(truth.Select((t, i) => new GroundTruth($"v2-{i}", LabelValue.Of(!t))))
            .ToList();
        (await server.Http.PostAsync("/api/v1/models/bc/feedback", Http.Json(labels[0]))).EnsureSuccessStatusCode();
        var bulk = await (await server.Http.PostAsync("/api/v1/models/bc/feedback", Http.Json(new FeedbackBatch(labels[1..])))).ReadOkAsync<FeedbackReceipt>();
        await server.WaitForLoggedAsync("bc", 2 * holdout.Count, Ct);

        var report = await server.Http.GetOkAsync<PerformanceReport>("/api/v1/models/bc/performance?window=1h&bucket=1h");

        Assert.Equal(2 * holdout.Count - 1, bulk.Received);
        Assert.Equal(["1", "2"], report.Versions.Select(v => v.Version));
        var one = report.Versions[0];
        var expected = Accuracy(first.Predicted, truth);
        Assert.Equal((PerformanceTask.Binary, "PredictedLabel.output", "Probability.output"), (one.Task, one.LabelOutput, one.ScoreOutput));
        Assert.Equal((holdout.Count, 0L, 0L), (one.Overall.Joined, one.Overall.Unmatched, one.Overall.Skipped));
        Assert.Equal(expected, one.Overall.Accuracy);
        Assert.True(expected > 0.9, $"the quickstart model's holdout accuracy is {expected}");
        Assert.Equal(RocAuc.Binary(truth.Select(t => t ? 1 : 0).ToArray(), first.Probability)!.Value, one.Overall.Auc!.Value, 1e-9);
        var wrong = report.Versions[1].Overall;
        Assert.Equal(1 - Accuracy(second.Predicted, truth), wrong.Accuracy!.Value, 1e-12);
        Assert.True(wrong.Accuracy < 0.2 && wrong.Auc < 0.2, $"wrong labels give accuracy {wrong.Accuracy} and AUC {wrong.Auc}");
        Assert.Equal(2L * holdout.Count, report.Overall.Joined);
        Assert.Equal(holdout.Count, one.Buckets.Sum(b => b.Figures.Joined));

        var metrics = await WaitForGaugeAsync(server, "capstan_performance_accuracy", ("model", "bc"), ("version", "1"));
        Assert.Equal(expected, Assert.Single(PrometheusText.Values(metrics, "capstan_performance_accuracy", ("model", "bc"), ("version", "1"))), 9);
        Assert.Equal(holdout.Count, Assert.Single(PrometheusText.Values(metrics, "capstan_performance_joined", ("model", "bc"), ("version", "2"))));
        var (exitCode, output) = await Promtool.CheckMetricsAsync(metrics);
        Assert.True(exitCode == 0, $"promtool check metrics failed:\n{output}");

        using var overridden = await server.Http.GetAsync("/api/v1/models/bc/performance?score_output=Nope");
        Assert.StartsWith("score_output 'Nope' is not an output of version bc:1; its outputs are ", await overridden.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
    }

    [Theory]
    [InlineData("window=yesterday", "The window 'yesterday' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("window=1h&bucket=2h", "The bucket 2h is longer than the window 1h.")]
    [InlineData("window=30d&bucket=1m", "A window of 30d in buckets of 1m makes 43,200 buckets; at most 1000 are allowed.")]
    [InlineData("task=ranking", "The task 'ranking' is not one of binary, multiclass or regression.")]
    [InlineData("label_output=", "label_output is empty; name one of the model's outputs or leave it out.")]
    public async Task Performance_RefusesAQueryItCannotComputeWithTheReason(string query, string reason)
    {
        await using var server = await RunningServer.StartAsync();
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);

        using var response = await server.Http.GetAsync($"/api/v1/models/bc/performance?{query}");

        Assert.Equal(reason, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
    }

    [Fact]
    public async Task Performance_OfAnUnknownModelIsNotFound_AndOfAModelWithNoLoggedPredictionsIsEmpty()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);

        using var unknown = await server.Http.GetAsync("/api/v1/models/ghost/performance");
        var empty = await server.Http.GetOkAsync<PerformanceReport>("/api/v1/models/bc/performance");

        Assert.Equal("Model 'ghost' does not exist.", await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Equal((0L, 0, 3600L), (empty.Overall.Joined, empty.Versions.Count, empty.BucketSeconds));
        Assert.Equal(TimeSpan.FromHours(24), empty.Until - empty.Since);
    }

    private static async Task<(bool[] Predicted, double[] Probability)> AnswerAsync(RunningServer server, string prefix, string version)
    {
        var holdout = TestModels.BreastCancer.Holdout;
        var predicted = new bool[holdout.Count];
        var probability = new double[holdout.Count];
        for (var i = 0; i < holdout.Count; i++)
        {
            var features = string.Join(",", holdout[i].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            var body = $$"""{"id": "{{prefix}}-{{i}}", "inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{features}}]}], "outputs": [{"name": "PredictedLabel.output"}, {"name": "Probability.output"}]}""";
            using var response = await server.Http.PostAsync("/v2/models/bc/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(version, answer.RootElement.GetProperty("model_version").GetString());
            var outputs = answer.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o.GetProperty("data")[0]);
            predicted[i] = outputs["PredictedLabel.output"].GetBoolean();
            probability[i] = outputs["Probability.output"].GetDouble();
        }
        return (predicted, probability);
    }

    private static double Accuracy(bool[] predicted, bool[] truth) => (double)predicted.Where((p, i) => p == truth[i]).Count() / truth.Length;

    private static async Task<string> WaitForGaugeAsync(RunningServer server, string name, params (string, string)[] labels)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var metrics = await server.Http.GetStringAsync("/metrics", Ct);
            if (PrometheusText.Values(metrics, name, labels).Any())
                return metrics;
            await Task.Delay(250, Ct);
        }
        throw new TimeoutException($"{name} did not appear on /metrics within a minute.");
    }
}
