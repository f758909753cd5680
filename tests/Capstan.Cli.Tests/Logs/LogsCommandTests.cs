using System.Globalization;
using System.Text;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Serialization;
using Capstan.Core.Serving;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Logs;

public sealed class LogsCommandTests
{
    private static readonly string Body =
        $$"""{"id": "req-{0}", "inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}], "outputs": [{"name": "Probability.output"}]}""";

    [Fact]
    public async Task Logs_PrintsTheLoggedRequestsAsJsonLinesCsvAndATable()
    {
        using var data = new TempDirectory();
        var logging = new Dictionary<string, string?> { ["InferenceLogOptions:Enabled"] = "true" };
        await using (var first = await RunningServer.StartAsync(dataDirectory: data.Path, settings: logging))
        {
            string[] at = ["--server", first.BaseAddress.ToString(), "--api-key", first.AdminKey!];
            Assert.Equal(0, (await CliRun.RunAsync(["push", "bc", TestModels.BreastCancerOnnx, .. at])).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync(["deploy", "bc:1", .. at])).ExitCode);
            for (var i = 0; i < 3; i++)
                (await first.Http.PostAsync("/v2/models/bc/infer", new StringContent(Body.Replace("{0}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
        await using var server = await RunningServer.StartAsync(dataDirectory: data.Path, settings: logging);
        string[] target = ["--server", server.BaseAddress.ToString(), "--api-key", server.AdminKey!];

        var json = await CliRun.RunAsync(["logs", "bc", "--since", "1h", "--format", "json", .. target]);
        var csv = await CliRun.RunAsync(["logs", "bc", "--format", "csv", "--limit", "2", .. target]);
        var table = await CliRun.RunAsync(["logs", "bc", .. target]);

        Assert.True(json.ExitCode == 0, json.Errors);
        var records = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<LoggedInference>(l, CapstanJson.Options)!).ToList();
        Assert.Equal(["req-0", "req-1", "req-2"], records.Select(r => r.RequestId));
        Assert.All(records, r => Assert.Equal(("bc", "1", "stable"), (r.Model, r.Version, r.Variant)));
        var csvLines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,request_id,model,version,variant,latency_ms,inputs,outputs", csvLines[0]);
        Assert.Equal(3, csvLines.Length);
        Assert.Contains(",req-0,bc,1,stable,", csvLines[1]);
        Assert.Contains("req-2", table.Output);
    }

    [Theory]
    [InlineData("--format", "xml", "--format 'xml' is not one of table, csv or json.")]
    [InlineData("--limit", "0", "--limit 0 is outside 1 to 10000.")]
    [InlineData("--since", "yesterday", "--since")]
    public async Task Logs_RefusesBadArgumentsWithOneLine(string option, string value, string expected)
    {
        var run = await CliRun.RunAsync("logs", "bc", option, value, "--server", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(expected, run.Errors);
    }
}
