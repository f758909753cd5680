using System.Net;
using System.Net.Sockets;
using System.Text;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Registry;

public sealed class PushRejectionTests : IAsyncLifetime
{
    private const long Limit = 1024 * 1024;
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync(o => o.MaxArtifactBytes = Limit);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> HostileNames => new()
    {
        "..", ".hidden", "a%2F..%2Fb", "%2e%2e", "..%5C..%5Cx", "%2Fetc%2Fpasswd", "fraud%20", "%20fraud", "fr%00aud",
        "fr%D0%B0ud", "file:%2F%2Fx", "a#b", new string('a', 129),
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Push_RefusesHostileNameBeforeTouchingTheDisk(string encodedName)
    {
        using var response = await SendIgnoringResetAsync($"/api/v1/models/{encodedName}/versions", Http.PushBody(TestModels.BreastCancerOnnx));

        Assert.True(response is null or { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed },
            $"answered {response?.StatusCode}");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("a%2F..%2Fb")]
    [InlineData("fr%D0%B0ud")]
    [InlineData("fraud%20")]
    public async Task Push_AnswersBadRequestProblemNamingTheRuleForAnInvalidName(string encodedName)
    {
        using var response = await _server.Http.PostAsync($"/api/v1/models/x{encodedName}/versions", Http.PushBody(TestModels.BreastCancerOnnx));

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput");
        Assert.Contains("model name", detail);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("empty")]
    [InlineData("truncated-onnx")]
    [InlineData("zip-without-model")]
    public async Task Push_RefusesAFileThatIsNotAModelAndSaysWhy(string kind)
    {
        var path = kind switch
        {
            "random" => TestModels.RandomBytes,
            "empty" => TestModels.EmptyFile,
            "truncated-onnx" => TestModels.TruncatedOnnx,
            _ => TestModels.NotAModelZip,
        };

        using var response = await _server.Http.PostAsync("/api/v1/models/bad/versions", Http.PushBody(path));

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput");
        Assert.False(string.IsNullOrWhiteSpace(detail));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Push_RefusesAZipBombQuicklyAndLeavesNothing()
    {
        await using var roomy = await RunningServer.StartAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await roomy.Http.PostAsync("/api/v1/models/bomb/versions", Http.PushBody(TestModels.ZipBomb));

        Assert.Contains("expands", await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.DoesNotContain(Directory.EnumerateFiles(roomy.DataDirectory, "*", SearchOption.AllDirectories), f => f.Contains("sha256") || f.EndsWith(".partial"));
    }

    [Fact]
    public async Task Push_RefusesADeclaredLengthOverTheLimitWithoutReadingTheBody()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var head = "POST /api/v1/models/big/versions HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            + $"Authorization: Bearer {_server.AdminKey}\r\nContent-Length: 3221225472\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));

        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Push_CutsOffAChunkedUploadAsSoonAsItPassesTheLimit()
    {
        var body = new MultipartFormDataContent { { Http.Json(new { }), "metadata" }, { new StreamContent(new EndlessStream()), "artifact", "x.onnx" } };

        using var response = await SendIgnoringResetAsync("/api/v1/models/chunked/versions", body);

        Assert.True(response is null or { StatusCode: HttpStatusCode.RequestEntityTooLarge }, $"answered {response?.StatusCode}");
        await AssertNothingStoredAsync();
        using var live = await _server.Http.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Push_RefusesAnArtifactOverTheLimitWith413()
    {
        using var big = new Capstan.Testing.Files.TempDirectory();
        var path = big.Combine("big.onnx");
        await File.WriteAllBytesAsync(path, new byte[Limit + 1]);

        using var response = await _server.Http.PostAsync("/api/v1/models/big/versions", Http.PushBody(path));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "TooLarge");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("{\"alias\": \"9lives\"}", "alias")]
    [InlineData("{\"tags\": {\"../x\": \"v\"}}", "tag name")]
    [InlineData("{\"metrics\": {\"auc\": \"high\"}}", "not valid JSON")]
    [InlineData("{\"lineage\": {\"gitCommit\": \"not-a-sha\"}}", "git commit")]
    [InlineData("{\"lineage\": {\"parent\": \"a/b\"}}", "parent")]
    [InlineData("{\"description\": \"a\\u0000b\"}", "control character")]
    [InlineData("{\"metrics\": ", "not valid JSON")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "not valid JSON")]
    public async Task Push_RefusesBadMetadataBeforeReadingTheArtifact(string metadataJson, string expected)
    {
        var body = new MultipartFormDataContent
        {
            { new StringContent(metadataJson, Encoding.UTF8, "application/json"), "metadata" },
            { new StreamContent(File.OpenRead(TestModels.BreastCancerOnnx)), "artifact", "bc.onnx" },
        };

        using var response = await _server.Http.PostAsync("/api/v1/models/meta/versions", body);

        Assert.Contains(expected, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Push_RefusesAModelCardOverItsLimitWith413()
    {
        var card = new string('x', 1024 * 1024 + 1);
        using var response = await _server.Http.PostAsync("/api/v1/models/card/versions", Http.PushBody(TestModels.BreastCancerOnnx, new { modelCard = card }));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "TooLarge");
    }

    [Fact]
    public async Task Push_RefusesABodyThatIsNotMultipartOrHasPartsOutOfOrder()
    {
        using var notMultipart = await _server.Http.PostAsync("/api/v1/models/m/versions", new ByteArrayContent(File.ReadAllBytes(TestModels.BreastCancerOnnx)));
        var swapped = new MultipartFormDataContent
        {
            { new StreamContent(File.OpenRead(TestModels.BreastCancerOnnx)), "artifact", "bc.onnx" },
            { Http.Json(new { }), "metadata" },
        };
        using var outOfOrder = await _server.Http.PostAsync("/api/v1/models/m/versions", swapped);

        Assert.Contains("multipart/form-data", await notMultipart.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Contains("'metadata'", await outOfOrder.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Push_WithAMissingParentLeavesNeitherModelNorArtifact()
    {
        using var response = await _server.Http.PostAsync("/api/v1/models/child/versions",
            Http.PushBody(TestModels.BreastCancerOnnx, new { lineage = new { parent = "nobody:1" } }));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        var artifacts = Path.Combine(_server.DataDirectory, "artifacts");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(artifacts, "sha256"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(artifacts, "staging"), "*.partial", SearchOption.AllDirectories));
        var models = await _server.Http.GetOkAsync<Capstan.Core.Registry.Page<Capstan.Core.Registry.ModelInfo>>("/api/v1/models");
        Assert.Empty(models.Items);
    }

    /// <summary>Posts, treating a connection the server closed mid-upload as a refusal (null), as Kestrel does for a malformed request line.</summary>
    private async Task<HttpResponseMessage?> SendIgnoringResetAsync(string path, HttpContent body)
    {
        try
        {
            return await _server.Http.PostAsync(path, body);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A stream of zeros without a known length, so the upload goes out chunked.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { Array.Clear(buffer, offset, count); return count; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
