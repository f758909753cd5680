using System.Net;
using System.Text;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Hardening;

public sealed class HttpLimitsTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Headers_MoreThanTheLimitAnswer431AndTheServerKeepsServing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        for (var i = 0; i < 150; i++)
            request.Headers.TryAddWithoutValidation($"X-Pad-{i}", "x");

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Headers_LargerTogetherThanTheLimitAnswer431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        request.Headers.TryAddWithoutValidation("X-Pad", new string('x', 40 * 1024));

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Body_AJsonBodyOverTheControlPlaneLimitAnswers413Problem()
    {
        var description = new string('x', 1024 * 1024 + 10);

        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/models/big") { Content = Http.Json(new { description }) };
        request.Headers.ExpectContinue = true; // the body waits for the server's go-ahead, so a refusal cannot break the pipe

        using var response = await _server.Http.SendAsync(request);

        Assert.Contains("over the limit of 1,048,576 bytes", await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "TooLarge"));
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Body_AnEndlessChunkedJsonBodyIsCutOffWith413AndTheServerKeepsServing()
    {
        var answer = await RawHttp.SendChunkedAsync(_server, "PATCH /api/v1/models/endless", "application/json", "{\"description\": \"", 'x', maxBytes: 64L * 1024 * 1024);

        Assert.True(answer.StartsWith("HTTP/1.1 413", StringComparison.Ordinal), answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("over the limit of 1,048,576 bytes", answer);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Body_InferenceKeepsItsOwnLargerLimit()
    {
        var padding = new string(' ', 2 * 1024 * 1024);

        using var response = await _server.Http.PostAsync("/v2/models/absent/infer",
            new StringContent("{\"inputs\": [" + padding + "]}", Encoding.UTF8, "application/json"));

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Options_OutOfRangeStopTheServerAtStart()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["HttpLimitsOptions:MaxRequestHeaderCount"] = "0" }));

        Assert.Contains("MaxRequestHeaderCount", refused.ToString());
    }

    private async Task AssertStillServingAsync()
    {
        using var ready = await _server.Http.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
