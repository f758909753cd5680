using System.Net;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Serving;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_RunsTheServerWithTheGivenFlagsUntilCancelled()
    {
        using var data = new TempDirectory();
        var server = $"http://127.0.0.1:{FreePorts.Next()}";
        string[] models = [.. new[] { TestModels.BreastCancerOnnx, TestModels.BreastCancerMlNet }.OrderBy(m => new FileInfo(m).Length)];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var serving = CliRun.RunAsync(stop.Token, "serve", "--urls", server, "--grpc-urls", $"http://127.0.0.1:{FreePorts.Next()}", "--data", data.Path,
            "--max-artifact-bytes", $"{new FileInfo(models[0]).Length}");
        await WaitUntilLiveAsync(server, serving);
        var tooLarge = await CliRun.RunAsync("push", "bc", models[1], "--server", server);
        var pushed = await CliRun.RunAsync("push", "bc", models[0], "--server", server);
        stop.Cancel();
        var served = await serving;

        Assert.Equal(ExitCodes.TooLarge, tooLarge.ExitCode);
        Assert.Equal((ExitCodes.Ok, "bc:1"), (pushed.ExitCode, pushed.Output.Trim()));
        Assert.Equal((ExitCodes.Ok, ""), (served.ExitCode, served.Errors));
        Assert.Contains("capstan.db", data.Files());
    }

    [Fact]
    public async Task Serve_OnADataDirectoryAnotherServerOwns_ExitsWithCode4AndOneLine()
    {
        using var data = new TempDirectory();
        await using var owner = await RunningServer.StartAsync(dataDirectory: data.Path);

        var run = await CliRun.RunAsync("serve", "--urls", $"http://127.0.0.1:{FreePorts.Next()}", "--data", data.Path);

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("Another Capstan server", Assert.Single(run.ErrorLines));
    }

    private static async Task WaitUntilLiveAsync(string server, Task<CliRun> serving)
    {
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(serving.IsCompleted, $"serve ended early: {(serving.IsCompleted ? serving.Result.Errors : "")}");
            try
            {
                using var response = await http.GetAsync($"{server}/v2/health/live", TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Fail("capstan serve did not answer within 30 seconds.");
    }
}
