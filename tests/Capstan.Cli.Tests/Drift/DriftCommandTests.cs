using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Client;
using Capstan.Core.Monitoring;
using Capstan.Core.Serialization;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Drift;

public sealed partial class DriftCommandTests
{
    private static readonly Dictionary<string, string?> Logging = new()
    {
        ["InferenceLogOptions:Enabled"] = "true",
        ["InferenceLogOptions:RollInterval"] = "00:00:01",
    };

    [Fact]
    public async Task PushWithProfileData_ThenDrift_PrintsTheTableAndVerdicts_AndWritesAnHtmlReportWithAHistogramPerFeature()
    {
        using var files = new TempDirectory();
        await using var server = await RunningServer.StartAsync(settings: Logging);
        string[] at = ["--server", server.BaseAddress.ToString(), "--api-key", server.AdminKey!];
        var csv = ReferenceData.WriteCsv(Path.Combine(files.Path, "train.csv"), ReferenceData.BreastCancerRows);
        var html = Path.Combine(files.Path, "report.html");

        var push = await CliRun.RunAsync(["push", "bc", TestModels.BreastCancerOnnx, "--profile-data", csv, .. at]);
        var profile = await CliRun.RunAsync(["profile", "bc@latest-missing", "--data", csv, .. at]);
        var reprofile = await CliRun.RunAsync(["profile", "bc", "--data", csv, .. at]);
        Assert.Equal(0, (await CliRun.RunAsync(["deploy", "bc:1", .. at])).ExitCode);
        using var client = new CapstanClient(server.BaseAddress) { ApiKey = server.AdminKey };
        foreach (var chunk in ReferenceData.Scaled(ReferenceData.Resample(200, seed: 3), 1.5f).Chunk(25))
            (await server.Http.PostAsync("/v2/models/bc/infer", new StringContent(ReferenceData.InferBody(chunk), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        for (var attempt = 0; attempt < 300 && (await client.GetDriftAsync("bc")).Value.Rows < 200; attempt++)
            await Task.Delay(100);
        var drift = await CliRun.RunAsync(["drift", "bc", "--window", "1h", "--html", html, .. at]);
        var json = await CliRun.RunAsync(["drift", "bc", "--json", .. at]);
        var psi = await CliRun.RunAsync(["drift", "bc", "--test", "psi", "--threshold", "0.2", .. at]);
        var unwritable = Path.Combine(files.Path, "missing", "report.html");
        var unwritten = await CliRun.RunAsync(["drift", "bc", "--html", unwritable, .. at]);

        Assert.True(push.ExitCode == 0, push.Errors);
        Assert.Equal("bc:1", push.Output.Trim());
        Assert.Equal(ExitCodes.NotFound, profile.ExitCode);
        Assert.True(reprofile.ExitCode == 0, reprofile.Errors);
        Assert.Contains("Profiled bc:1 from 569 rows: 30 features", reprofile.Output);
        Assert.Contains("worst fractal dimension", reprofile.Output);
        Assert.True(drift.ExitCode == 0, drift.Errors);
        Assert.Contains("bc:1 (stable): 200 rows against a reference of 569", drift.Output);
        Assert.Contains("Dataset drift: detected", drift.Output);
        Assert.Contains("Prediction drift:", drift.Output);
        Assert.Matches(@"mean radius\s*│\s*ks\s*│", drift.Output);
        Assert.Contains($"Wrote the HTML report to {html}.", drift.Output.ReplaceLineEndings(""));
        var report = JsonSerializer.Deserialize<DriftReport>(json.Output, CapstanJson.Options)!;
        var columns = report.Headline!.Dataset!.Features.Count + report.Headline.Predictions!.Features.Count;
        var page = await File.ReadAllTextAsync(html);
        Assert.Equal(30, report.Headline.Dataset.Features.Count);
        Assert.Equal(columns, Histograms().Matches(page).Count);
        Assert.Contains("<figcaption>mean radius: ks ", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", page.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(psi.ExitCode == 0, psi.Errors);
        Assert.Matches(@"mean radius\s*│\s*psi\s*│", psi.Output);
        Assert.Equal(ExitCodes.InvalidInput, unwritten.ExitCode);
        Assert.StartsWith($"error: Cannot write the HTML report to '{unwritable}': ", Assert.Single(unwritten.ErrorLines));
    }

    [Theory]
    [InlineData(new[] { "drift", "bc", "--threshold", "0.2" }, "--threshold needs --test")]
    [InlineData(new[] { "drift", "bc", "--window", "soon" }, "--window 'soon' is not a duration such as 30m, 1h or 7d.")]
    [InlineData(new[] { "drift", "bc", "--test", "anova" }, "The drift test 'anova' is not one of ks, chisquare, z, wasserstein, jensenshannon, psi.")]
    [InlineData(new[] { "profile", "bc:1" }, "--data FILE is required")]
    [InlineData(new[] { "profile", "bc:1", "--data", "/no/such/file.csv" }, "The data file '/no/such/file.csv' does not exist.")]
    [InlineData(new[] { "push", "bc", "model.onnx", "--profile-data", "/no/such/file.csv" }, "The data file '/no/such/file.csv' does not exist.")]
    public async Task DriftAndProfile_RefuseBadArgumentsWithOneLineBeforeAnyRequest(string[] args, string expected)
    {
        var run = await CliRun.RunAsync([.. args, "--server", "http://127.0.0.1:1"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(expected, run.Errors);
    }

    [GeneratedRegex("<svg class=\"histogram\"")]
    private static partial Regex Histograms();
}
