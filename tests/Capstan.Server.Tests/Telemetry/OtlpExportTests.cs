using System.Collections.Concurrent;
using Capstan.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Tests.Telemetry;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task Otlp_PushesMetricsAndRequestTracesToTheConfiguredCollector()
    {
        var received = new ConcurrentDictionary<string, int>();
        await using var collector = await StartCollectorAsync(received);
        var settings = new Dictionary<string, string?>
        {
            ["TelemetryOptions:OtlpEndpoint"] = collector.Urls.Single(),
            ["TelemetryOptions:OtlpProtocol"] = "http/protobuf",
            ["TelemetryOptions:OtlpExportInterval"] = "00:00:00.200",
        };
        await using var server = await RunningServer.StartAsync(settings: settings);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(received.ContainsKey("/v1/metrics") && received.ContainsKey("/v1/traces")) && DateTime.UtcNow < deadline)
        {
            (await server.Http.GetAsync("/api/v1/status", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(received.ContainsKey("/v1/metrics"), "no metrics arrived at the collector");
        Assert.True(received.ContainsKey("/v1/traces"), "no traces arrived at the collector");
    }

    /// <summary>A stand-in OTLP/HTTP collector on a free loopback port that counts the non-empty protobuf posts to each path.</summary>
    private static async Task<WebApplication> StartCollectorAsync(ConcurrentDictionary<string, int> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        var app = builder.Build();
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (body.Length > 0 && context.Request.ContentType == "application/x-protobuf")
                received.AddOrUpdate(context.Request.Path, 1, (_, count) => count + 1);
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return app;
    }
}
