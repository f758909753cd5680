using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Capstan.Cli.Tests.Support;
using Capstan.Client;
using Capstan.Core.Performance;
using Capstan.Core.Serialization;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Monitoring;

/// <summary>Issue 6's whole loop through the CLI: a served model gets a calm then a shifted stream; the drift figure rises, the alert on it fires and calls its webhook, the HTML report is written, and posted truth gives the model's real accuracy.</summary>
public sealed partial class MonitoringLoopTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["InferenceLogOptions:Enabled"] = "true",
        ["InferenceLogOptions:RollInterval"] = "00:00:01",
        ["DriftOptions:Interval"] = "00:00:01",
        ["AlertOptions:EvaluationInterval"] = "00:00:00.200",
        ["AlertOptions:WebhookBaseDelay"] = "00:00:00.050",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShiftedStream_RaisesDrift_FiresTheAlertsWebhook_WritesTheReport_AndFeedbackGivesTheAccuracy()
    {
        using var files = new TempDirectory();
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(TimeSpan.FromMinutes(3));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await RunningServer.StartAsync(settings: Settings);
        using var client = new CapstanClient(server.BaseAddress) { ApiKey = server.AdminKey };
        string[] at = ["--server", server.BaseAddress.ToString(), "--api-key", server.AdminKey!];
        var csv = ReferenceData.WriteCsv(Path.Combine(files.Path, "train.csv"), ReferenceData.BreastCancerRows);
        var html = Path.Combine(files.Path, "drift.html");
        await Succeeds(["push", "bc", TestModels.BreastCancerOnnx, "--profile-data", csv, .. at]);
        await Succeeds(["deploy", "bc:1", .. at]);
        await Succeeds(["alert", "set", "bc-drift", "--model", "bc", "--signal", "drift_share", "--above", "0.5", "--window", "1h", "--webhook", receiver.Url.AbsoluteUri, .. at]);

        var holdout = TestModels.BreastCancer.Holdout;
        var predicted = new bool[holdout.Count];
        for (var i = 0; i < holdout.Count; i++)
            predicted[i] = await AnswerAsync(server, $"calm-{i}", holdout[i].Features);
        await server.WaitForLoggedAsync("bc", holdout.Count, Ct);
        var calm = (await client.GetDriftAsync("bc")).Value.Headline!.Dataset!;
        var quiet = await CliRun.RunAsync(["alerts", .. at]);

        var shifted = ReferenceData.Scaled(ReferenceData.Resample(200, seed: 11), 1.5f);
        for (var i = 0; i < shifted.Count; i++)
            await AnswerAsync(server, $"shifted-{i}", shifted[i]);
        var fired = JsonDocument.Parse((await receiver.NextAsync(patience.Token)).Body).RootElement;
        var headline = (await client.GetDriftAsync("bc")).Value.Headline!;
        var moved = headline.Dataset!;
        var report = await CliRun.RunAsync(["drift", "bc", "--window", "1h", "--html", html, .. at]);
        var alerts = await CliRun.RunAsync(["alerts", .. at]);

        var labels = Path.Combine(files.Path, "labels.csv");
        await File.WriteAllLinesAsync(labels, ["request_id,label", .. holdout.Select((s, i) => $"calm-{i},{(s.Label ? "true" : "false")}")], Ct);
        await Succeeds(["feedback", "bc", "--file", labels, .. at]);
        var performance = await client.GetPerformanceAsync("bc", TimeSpan.FromHours(1), TimeSpan.FromHours(1), cancellationToken: Ct);
        var printed = await CliRun.RunAsync(["performance", "bc", "--window", "1h", .. at]);

        Assert.False(calm.Drifted, $"the calm stream drifted: {calm.DriftedShare}");
        Assert.Contains("inactive", quiet.Output);
        Assert.Equal(("bc-drift", "bc", "drift_share", "firing"), (Text(fired, "rule"), Text(fired, "model"), Text(fired, "signal"), Text(fired, "state")));
        Assert.True(fired.GetProperty("value").GetDouble() > 0.5);
        Assert.True(moved.Drifted && moved.DriftedShare > calm.DriftedShare + 0.4, $"drift share went from {calm.DriftedShare} to {moved.DriftedShare}");
        Assert.Matches(@"bc-drift\s*│\s*bc\s*│\s*drift_share\s*│.*firing", alerts.Output);
        Assert.True(report.ExitCode == 0, report.Errors);
        Assert.Contains("Dataset drift: detected", report.Output);
        Assert.Equal(30, moved.Features.Count);
        Assert.Equal(moved.Features.Count + headline.Predictions!.Features.Count, Histograms().Matches(await File.ReadAllTextAsync(html, Ct)).Count);
        var expected = (double)predicted.Where((p, i) => p == holdout[i].Label).Count() / holdout.Count;
        var version = Assert.Single(performance.Value.Versions);
        Assert.Equal((holdout.Count, expected), (version.Overall.Joined, version.Overall.Accuracy));
        Assert.True(printed.ExitCode == 0, printed.Errors);
        Assert.Contains(expected.ToString("0.0000", CultureInfo.InvariantCulture), printed.Output);
    }

    private static async Task Succeeds(string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.True(run.ExitCode == 0, $"capstan {string.Join(' ', args[..2])}: {run.Errors}");
    }

    /// <summary>Sends one row under request id <paramref name="id"/> and returns the model's predicted label.</summary>
    private static async Task<bool> AnswerAsync(RunningServer server, string id, float[] features)
    {
        var data = string.Join(",", features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var body = $$"""{"id": "{{id}}", "inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{data}}]}], "outputs": [{"name": "PredictedLabel.output"}]}""";
        using var response = await server.Http.PostAsync("/v2/models/bc/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetBoolean();
    }

    private static string? Text(JsonElement body, string name) => body.GetProperty(name).GetString();

    [GeneratedRegex("<svg class=\"histogram\"")]
    private static partial Regex Histograms();
}
