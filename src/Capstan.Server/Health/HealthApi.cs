using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Health;

/// <summary>The Open Inference Protocol health routes.</summary>
public static class HealthApi
{
    /// <summary>Maps <c>/v2/health/live</c>.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/health/live", Live).WithTags("Health").AllowAnonymous();
        return app;
    }

    private static Ok Live() => TypedResults.Ok();
}
