using System.Globalization;
using System.Text;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Performance;
using Capstan.Core.Serialization;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Performance;

public sealed class PerformanceCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Performance_PrintsEachVersionsBucketsAndWholeWindow_WithTheAccuracyOfTheLabelsPostedByFeedback()
    {
        using var files = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["InferenceLogOptions:Enabled"] = "true", ["InferenceLogOptions:RollInterval"] = "00:00:01" };
        await using var server = await RunningServer.StartAsync(settings: settings);
        string[] at = ["--server", server.BaseAddress.ToString(), "--api-key", server.AdminKey!];
        Assert.Equal(0, (await CliRun.RunAsync(["push", "bc", TestModels.BreastCancerOnnx, .. at])).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(["deploy", "bc:1", .. at])).ExitCode);
        var rows = TestModels.BreastCancer.Holdout.Take(40).ToList();
        var right = 0;
        var csv = new StringBuilder("request_id,label\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var predicted = await PredictAsync(server, $"req-{i}", rows[i].Features);
            right += predicted == rows[i].Label ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $"req-{i},{(rows[i].Label ? "true" : "false")}\n");
        }
        var labels = files.Write("labels.csv", csv.ToString());
        Assert.Equal(0, (await CliRun.RunAsync(["feedback", "bc", "--file", labels, "--chunk-size", "15", .. at])).ExitCode);
        await server.WaitForLoggedAsync("bc", rows.Count, Ct);

        var table = await CliRun.RunAsync(["performance", "bc", "--window", "2h", "--bucket", "1h", .. at]);
        var json = await CliRun.RunAsync(["performance", "bc", "--json", .. at]);

        Assert.True(table.ExitCode == 0, table.Errors);
        var accuracy = (double)right / rows.Count;
        Assert.Contains("Realized performance of bc", table.Output);
        Assert.Contains("whole window", table.Output);
        Assert.Contains("version 1: binary, predicted PredictedLabel.output, scored Probability.output", table.Output);
        Assert.Contains(accuracy.ToString("0.0000", CultureInfo.InvariantCulture), table.Output);
        var report = JsonSerializer.Deserialize<PerformanceReport>(json.Output, CapstanJson.Options)!;
        Assert.Equal((rows.Count, accuracy), (Assert.Single(report.Versions).Overall.Joined, report.Versions[0].Overall.Accuracy!.Value));
    }

    [Theory]
    [InlineData("--task", "ranking", ExitCodes.InvalidInput, "--task 'ranking' is not one of binary, multiclass or regression.")]
    [InlineData("--window", "forever", ExitCodes.InvalidInput, "--window 'forever' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("--bucket", "0h", ExitCodes.InvalidInput, "--bucket '0h' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("--score-output", "Nope", ExitCodes.NotFound, "Model 'ghost' does not exist.")]
    public async Task Performance_RefusesBadArgumentsWithOneLine(string option, string value, int exitCode, string expected)
    {
        await using var server = await RunningServer.StartAsync();

        var run = await CliRun.RunAsync("performance", "ghost", option, value, "--server", server.BaseAddress.ToString(), "--api-key", server.AdminKey!);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal($"error: {expected}", Assert.Single(run.ErrorLines));
    }

    private static async Task<bool> PredictAsync(RunningServer server, string id, float[] features)
    {
        var data = string.Join(",", features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var body = $$"""{"id": "{{id}}", "inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{data}}]}], "outputs": [{"name": "PredictedLabel.output"}, {"name": "Probability.output"}]}""";
        using var response = await server.Http.PostAsync("/v2/models/bc/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return answer.RootElement.GetProperty("outputs").EnumerateArray().First(o => o.GetProperty("name").GetString() == "PredictedLabel.output").GetProperty("data")[0].GetBoolean();
    }
}
