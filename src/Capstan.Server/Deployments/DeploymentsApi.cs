using Capstan.Core.Registry;
using Capstan.Core.Serving;
using Capstan.Registry.Service;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Security;
using Capstan.Serving.DataPlane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Deployments;

/// <summary>The control-plane routes for deployments (desired state, in the registry) and for this server's serving status.</summary>
public static class DeploymentsApi
{
    /// <summary>Maps <c>/api/v1/deployments</c> (with each deployment's revisions and rollback) and <c>/api/v1/status</c>.</summary>
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/deployments").WithTags("Deployments");
        api.MapGet("/", ListDeployments).RequireAuthorization(CapstanPolicies.Read);
        api.MapGet("/{name}", GetDeployment).RequireAuthorization(CapstanPolicies.Read);
        api.MapPut("/{name}", Deploy).RequireAuthorization(CapstanPolicies.Write);
        api.MapDelete("/{name}", Undeploy).RequireAuthorization(CapstanPolicies.Write);
        api.MapGet("/{name}/revisions", ListRevisions).RequireAuthorization(CapstanPolicies.Read);
        api.MapPost("/{name}/rollback", Rollback).RequireAuthorization(CapstanPolicies.Write);
        app.MapGet("/api/v1/status", GetStatus).WithTags("Deployments").RequireAuthorization(CapstanPolicies.Read);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Deployment>>> ListDeployments(
        DeploymentService deployments, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(ModelGrants.Filter(context.User, await deployments.ListAsync(cancellationToken), d => d.Model));

    private static async Task<Results<Ok<Deployment>, ProblemHttpResult>> GetDeployment(
        DeploymentService deployments, string name, CancellationToken cancellationToken) =>
        Problem.Ok(await deployments.GetAsync(name, cancellationToken));

    private static async Task<Results<Ok<Deployment>, ProblemHttpResult>> Deploy(
        DeploymentService deployments, HttpContext context, string name, DeploymentRequest request, CancellationToken cancellationToken) =>
        Problem.Ok(await deployments.DeployAsync(name, request, RequestActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<Deployment>, ProblemHttpResult>> Undeploy(
        DeploymentService deployments, HttpContext context, string name, CancellationToken cancellationToken) =>
        Problem.Ok(await deployments.UndeployAsync(name, RequestActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<DeploymentRevision>>, ProblemHttpResult>> ListRevisions(
        DeploymentService deployments, string name, CancellationToken cancellationToken) =>
        Problem.Ok(await deployments.ListRevisionsAsync(name, cancellationToken));

    private static async Task<Results<Ok<Deployment>, ProblemHttpResult>> Rollback(
        DeploymentService deployments, HttpContext context, string name, RollbackRequest? request, CancellationToken cancellationToken) =>
        Problem.Ok(await deployments.RollbackAsync(name, request ?? new RollbackRequest(), RequestActor.Of(context), cancellationToken));

    private static Ok<ServerStatus> GetStatus(ServingStatus status, HttpContext context)
    {
        var snapshot = status.Snapshot();
        return TypedResults.Ok(snapshot with { Models = ModelGrants.Filter(context.User, snapshot.Models, m => m.Model) });
    }
}
