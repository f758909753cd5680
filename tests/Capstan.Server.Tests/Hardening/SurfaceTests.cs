using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Server.Hardening;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Tests.Hardening;

public sealed class SurfaceTests : IAsyncLifetime
{
    private const string TrustedOrigin = "https://console.example.com";
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["RateLimitOptions:ControlPlanePermitsPerSecond"] = "1",
        ["RateLimitOptions:ControlPlaneBurst"] = "3",
        ["RateLimitOptions:InferencePermitsPerSecond"] = "1",
        ["RateLimitOptions:InferenceBurst"] = "3",
        ["CrossOriginOptions:AllowedOrigins:0"] = TrustedOrigin,
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RateLimit_OverTheControlPlaneLimitAnswers429ProblemWithRetryAfter()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await _server.Http.GetAsync("/api/v1/models");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses[..3]);
        Assert.Contains("Too many requests", await last.AssertProblemAsync(HttpStatusCode.TooManyRequests, "Overloaded"));
        Assert.True(last.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {last.Headers.RetryAfter}");
    }

    [Fact]
    public async Task RateLimit_OverTheInferenceLimitAnswers429InTheProtocolsErrorShape()
    {
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
            last = await _server.Http.GetAsync("/v2/models/absent/ready");

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("application/json", last.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await last.Content.ReadAsStringAsync());
        Assert.Contains("Too many requests", body.RootElement.GetProperty("error").GetString());
        Assert.NotNull(last.Headers.RetryAfter);
    }

    [Fact]
    public async Task RateLimit_NeverLimitsHealthProbes()
    {
        for (var i = 0; i < 10; i++)
        {
            using var live = await _server.Http.GetAsync("/v2/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
    }

    [Theory]
    [InlineData("https://evil.example.com", null)]
    [InlineData(TrustedOrigin, TrustedOrigin)]
    public async Task Cors_AllowsAPreflightOnlyFromAListedOrigin(string origin, string? allowed)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/deployments/bc");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");

        using var response = await _server.Http.SendAsync(preflight);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null);
    }

    [Fact]
    public async Task Cors_IsOffByDefault()
    {
        await using var server = await RunningServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live");
        request.Headers.Add("Origin", TrustedOrigin);

        using var response = await server.Http.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    public static TheoryData<string, string, string?> ErrorRequests => new()
    {
        { "GET", "/api/v1/models/%3Cscript%3Ealert(1)%3C%2Fscript%3E", null },
        { "GET", "/api/v1/versions/%3Cscript%3E:1", null },
        { "GET", "/v2/models/%3Cscript%3Ealert(1)%3C%2Fscript%3E/ready", null },
        { "POST", "/v2/models/x/infer", "<script>alert(1)</script>" },
        { "PATCH", "/api/v1/models/x", "<script>alert(1)</script>" },
        { "GET", "/no/such/route/<script>", null },
        { "DELETE", "/v2/health/live", null },
    };

    [Theory]
    [MemberData(nameof(ErrorRequests))]
    public async Task Errors_AreJsonObjectsWithNosniffEvenWhenTheClientAsksForHtml(string method, string path, string? body)
    {
        using var client = RawHttp.ClientLike(_server);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"answered {(int)response.StatusCode}");
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/json", "application/problem+json" });
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }

    [Fact]
    public async Task Errors_OfGrpcCallsHaveNoJsonBodyWhichGrpcClientsCannotRead()
    {
        using var client = RawHttp.ClientLike(_server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/no/such/service/Method") { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task SecurityHeaders_GiveHtmlAStrictPolicyAndEveryAnswerNosniff()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.UseSecurityHeaders();
        app.MapGet("/page", () => Results.Content("<html><body>console</body></html>", "text/html"));
        app.MapGet("/data", () => Results.Ok(new { ok = true }));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var page = await http.GetAsync("/page");
        using var data = await http.GetAsync("/data");

        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", data.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(data.Headers.Contains("Content-Security-Policy"));
        await app.StopAsync();
    }
}
