using Microsoft.AspNetCore.Builder;

namespace Capstan.Server.Hosting;

/// <summary>Builds the Capstan server: the control plane and the data plane in one ASP.NET Core application.</summary>
public static class CapstanServer
{
    /// <summary>Builds a server for <paramref name="options"/>; run it with <c>RunAsync</c>.</summary>
    public static WebApplication Build(ServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        var app = builder.Build();
        app.MapGet("/v2/health/live", () => Microsoft.AspNetCore.Http.TypedResults.Ok());
        return app;
    }
}
