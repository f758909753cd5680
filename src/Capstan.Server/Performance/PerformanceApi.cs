using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Monitoring.Performance;
using Capstan.Server.Problems;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Performance;

/// <summary>The control-plane route that reports a model's realized performance: its logged predictions joined with their labels, per version and time bucket.</summary>
public static class PerformanceApi
{
    /// <summary>Maps <c>GET /api/v1/models/{name}/performance?window=24h&amp;bucket=1h&amp;task=&amp;label_output=&amp;score_output=</c>.</summary>
    public static IEndpointRouteBuilder MapPerformanceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models/{name}/performance", GetPerformanceAsync).WithTags("Performance").RequireAuthorization(CapstanPolicies.Read);
        return app;
    }

    private static async Task<Results<Ok<PerformanceReport>, ProblemHttpResult>> GetPerformanceAsync(
        PerformanceCalculator calculator, string name, string? window, string? bucket, string? task,
        [FromQuery(Name = "label_output")] string? labelOutput, [FromQuery(Name = "score_output")] string? scoreOutput, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error)
            || !PerformanceQuery.Parse(window, bucket, task, labelOutput, scoreOutput).TryGetValue(out var query, out error))
            return Problem.From(error);
        return Problem.Ok(await calculator.ComputeAsync(model, query, cancellationToken));
    }
}
