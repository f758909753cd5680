using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.InferenceLog;

public sealed class InferenceLogApiTests
{
    private static StringContent Body(string? id) => new(
        $$"""{{{(id is null ? "" : $"\"id\": \"{id}\", ")}}"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}], "outputs": [{"name": "Probability.output"}, {"name": "Score.output"}]}""",
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task ServedRequests_AreLoggedWithRedaction_SurviveARestart_AndReadBackAsJsonLines()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["InferenceLogOptions:Enabled"] = "true", ["InferenceLogOptions:RedactedFields:0"] = "Score.output" };
        await using (var server = await RunningServer.StartAsync(dataDirectory: data.Path, settings: settings))
        {
            await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
            await server.Http.DeployAsync("bc:1");
            Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("/v2/models/bc/infer", Body("req-1"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("/v2/models/bc/versions/1/infer", Body(null))).StatusCode);
        }

        await using var restarted = await RunningServer.StartAsync(dataDirectory: data.Path, settings: settings);
        using var response = await restarted.Http.GetAsync("/api/v1/models/bc/logs?since=2000-01-01T00:00:00Z");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, lines.Count);
        Assert.Equal(("req-1", "bc", "1", "stable"), (lines[0].GetProperty("requestId").GetString(), lines[0].GetProperty("model").GetString(), lines[0].GetProperty("version").GetString(), lines[0].GetProperty("variant").GetString()));
        Assert.Equal("stable", lines[1].GetProperty("variant").GetString());
        Assert.True(lines[0].GetProperty("latencyMs").GetDouble() > 0);
        Assert.Equal(30, lines[0].GetProperty("inputs")[0].GetProperty("data").GetArrayLength());
        var outputs = lines[0].GetProperty("outputs");
        Assert.Equal(JsonValueKind.Array, outputs[0].GetProperty("data").ValueKind);
        Assert.Equal("[redacted]", outputs[1].GetProperty("data").GetString());
    }

    [Fact]
    public async Task Stats_CountWhatTheLogSampledAndWrote()
    {
        await using var server = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["InferenceLogOptions:Enabled"] = "true", ["InferenceLogOptions:SamplingRate"] = "0" });
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await server.Http.DeployAsync("bc:1");
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("/v2/models/bc/infer", Body("a"))).StatusCode);

        var stats = JsonDocument.Parse(await server.Http.GetStringAsync("/api/v1/logs/stats")).RootElement;

        Assert.Equal((true, 0, 0), (stats.GetProperty("enabled").GetBoolean(), stats.GetProperty("sampled").GetInt64(), stats.GetProperty("dropped").GetInt64()));
    }

    [Fact]
    public async Task Retention_FromConfiguration_DeletesOldFilesWhenTheServerStarts()
    {
        using var data = new TempDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(data.Path, "inference-log", "bc")).FullName;
        var old = Path.Combine(folder, "20200101T000000000Z_20200101T000100000Z_0123456789abcdef0123456789abcdef.parquet");
        var recent = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss}000Z_{DateTime.UtcNow:yyyyMMdd'T'HHmmss}000Z_0123456789abcdef0123456789abcdef.parquet");
        File.WriteAllText(old, "old");
        File.WriteAllText(recent, "recent");

        await using var server = await RunningServer.StartAsync(dataDirectory: data.Path, settings: new Dictionary<string, string?>
        {
            ["InferenceLogOptions:Enabled"] = "true",
            ["InferenceLogOptions:Retention"] = "7.00:00:00",
        });

        Assert.Equal([recent], Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Logs_RejectATimeThatIsNotIso8601()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Http.GetAsync("/api/v1/models/bc/logs?since=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
