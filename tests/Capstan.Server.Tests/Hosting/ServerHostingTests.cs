using System.Net;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Server.Hosting;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Hosting;

public sealed class ServerHostingTests
{
    [Fact]
    public async Task Live_AnswersOkOnceTheServerIsUp()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Http.GetAsync("/v2/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheControlPlane()
    {
        await using var server = await RunningServer.StartAsync();

        using var document = JsonDocument.Parse(await server.Http.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/models", "/api/v1/models/{name}/versions", "/api/v1/versions/{reference}/artifact", "/api/v1/models/{name}/aliases/{alias}" })
            Assert.True(paths.TryGetProperty(path, out _), $"the OpenAPI document lacks {path}");
    }

    [Fact]
    public async Task UnknownRoute_AnswersAProblem()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Http.GetAsync("/api/v1/nothing-here");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Build_RefusesADataDirectoryAnotherServerIsUsing()
    {
        await using var first = await RunningServer.StartAsync();

        var second = await CapstanServer.BuildAsync(new ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = first.DataDirectory });

        Assert.False(second.IsSuccess);
        Assert.Equal(ErrorCode.Conflict, second.Error.Code);
        Assert.Contains(first.DataDirectory, second.Error.Message);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:21", 1L)]
    [InlineData("", 1L)]
    [InlineData("http://127.0.0.1:0", 0L)]
    [InlineData("https://127.0.0.1:8443", 1L)]
    [InlineData("http://example.com:80", 1L)]
    [InlineData("http://127.0.0.1:80/prefix", 1L)]
    public async Task Build_RefusesInvalidOptions(string urls, long maxArtifactBytes)
    {
        using var data = new TempDirectory();

        var built = await CapstanServer.BuildAsync(new ServerOptions { Urls = urls, DataDirectory = data.Path, MaxArtifactBytes = maxArtifactBytes });

        Assert.Equal(ErrorCode.InvalidInput, built.Error.Code);
    }

    [Fact]
    public async Task Build_RemovesUploadsAndArtifactsLeftByADeadProcessButKeepsReferencedOnes()
    {
        using var data = new TempDirectory();
        string kept;
        await using (var server = await RunningServer.StartAsync(dataDirectory: data.Path))
            kept = (await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx)).Sha256;
        var orphan = new string('a', 64);
        Directory.CreateDirectory(data.Combine("artifacts", "sha256", "aa"));
        await File.WriteAllTextAsync(data.Combine("artifacts", "sha256", "aa", orphan), "left by a crash");
        Directory.CreateDirectory(data.Combine("artifacts", "staging", "dead"));
        await File.WriteAllTextAsync(data.Combine("artifacts", "staging", "dead", "upload.partial"), "half");
        await File.WriteAllTextAsync(data.Combine("artifacts", "staging", "dead.lock"), "");

        await using var restarted = await RunningServer.StartAsync(dataDirectory: data.Path);

        Assert.True(File.Exists(data.Combine("artifacts", "sha256", kept[..2], kept)));
        Assert.False(File.Exists(data.Combine("artifacts", "sha256", "aa", orphan)));
        Assert.False(Directory.Exists(data.Combine("artifacts", "staging", "dead")));
        using var download = await restarted.Http.GetAsync("/api/v1/versions/bc:1/artifact");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public void Rules_PutGrpcOnTheFirstHttpPortPlusOneUnlessTold()
    {
        var endpoints = ServerOptionsRules.Check(new ServerOptions { Urls = "http://127.0.0.1:8080;http://[::1]:8090" }).Value;

        Assert.Equal(["http://127.0.0.1:8080/", "http://[::1]:8090/"], endpoints.Http.Select(u => u.ToString()));
        Assert.Equal(["http://127.0.0.1:8081/"], endpoints.Grpc.Select(u => u.ToString()));
    }

    [Fact]
    public void Rules_RefuseANegativeMemoryBudget()
    {
        var result = ServerOptionsRules.Check(new ServerOptions { MemoryBudgetBytes = -1 });

        Assert.Contains("memory budget cannot be negative", result.Error.Message);
    }

    [Fact]
    public void Rules_RefuseHttpAndGrpcOnOnePort()
    {
        var result = ServerOptionsRules.Check(new ServerOptions { Urls = "http://*:9000", GrpcUrls = "http://127.0.0.1:9000" });

        Assert.Contains("share port 9000", result.Error.Message);
    }

    [Fact]
    public async Task Server_ListensForGrpcOnItsOwnHttp2OnlyPort()
    {
        await using var server = await RunningServer.StartAsync();
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http2.GetAsync(new Uri(server.GrpcAddress, "/v2/health/live"));

        Assert.Equal(HttpVersion.Version20, response.Version);
    }
}
