using Capstan.Core.Errors;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;
using Capstan.Registry.Service;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Rollouts;

/// <summary>The control-plane routes of a deployment's progressive rollout: start it, look at it, and pause, resume, promote or abort it by hand.</summary>
public static class RolloutsApi
{
    /// <summary>Maps <c>/api/v1/deployments/{name}/rollout</c> and its four hand-made decisions.</summary>
    public static IEndpointRouteBuilder MapRolloutsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/deployments/{name}/rollout").WithTags("Rollouts");
        api.MapGet("/", GetRollout).RequireAuthorization(CapstanPolicies.Read);
        api.MapPost("/", StartRollout).RequireAuthorization(CapstanPolicies.Write);
        api.MapPost("/pause", (RolloutService s, HttpContext c, string name, RolloutCommand? body, CancellationToken t) => Decide(s.PauseAsync, c, name, body, t))
            .RequireAuthorization(CapstanPolicies.Write);
        api.MapPost("/resume", (RolloutService s, HttpContext c, string name, RolloutCommand? body, CancellationToken t) => Decide(s.ResumeAsync, c, name, body, t))
            .RequireAuthorization(CapstanPolicies.Write);
        api.MapPost("/promote", (RolloutService s, HttpContext c, string name, RolloutCommand? body, CancellationToken t) => Decide(s.PromoteAsync, c, name, body, t))
            .RequireAuthorization(CapstanPolicies.Write);
        api.MapPost("/abort", (RolloutService s, HttpContext c, string name, RolloutCommand? body, CancellationToken t) => Decide(s.AbortAsync, c, name, body, t))
            .RequireAuthorization(CapstanPolicies.Write);
        return app;
    }

    private static async Task<Results<Ok<Rollout>, ProblemHttpResult>> GetRollout(RolloutService rollouts, string name, CancellationToken cancellationToken) =>
        Problem.Ok(await rollouts.GetAsync(name, cancellationToken));

    private static async Task<Results<Ok<Rollout>, ProblemHttpResult>> StartRollout(
        RolloutService rollouts, HttpContext context, string name, RolloutRequest request, CancellationToken cancellationToken) =>
        Problem.Ok(await rollouts.StartAsync(name, request, RequestActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<Rollout>, ProblemHttpResult>> Decide(
        Func<string?, RolloutCommand, Actor, CancellationToken, Task<Result<Rollout>>> decide,
        HttpContext context, string name, RolloutCommand? command, CancellationToken cancellationToken) =>
        Problem.Ok(await decide(name, command ?? new RolloutCommand(), RequestActor.Of(context), cancellationToken));
}
