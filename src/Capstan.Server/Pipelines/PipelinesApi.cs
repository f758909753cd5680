using System.Security.Claims;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Security;
using Capstan.Training.Pipelines;
using Capstan.Training.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Pipelines;

/// <summary>The control-plane routes of continuous training: apply, read and delete pipeline specs, start runs, and read and cancel runs.</summary>
/// <remarks>
/// Pipelines are addressed by <c>{pipeline}</c> and runs by <c>{id}</c>, not <c>{name}</c>, because neither is a model's
/// name: a key narrowed to models may touch only the pipelines and runs of its models, checked here against the
/// pipeline's model, and sees only those listed. A spec is the request body as YAML or JSON text, at most
/// <see cref="PipelineSpecReader.MaxBytes"/> bytes of UTF-8.
/// </remarks>
public static class PipelinesApi
{
    /// <summary>Maps <c>/api/v1/pipelines</c> and <c>/api/v1/runs</c>.</summary>
    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        var pipelines = app.MapGroup("/api/v1/pipelines").WithTags("Pipelines");
        pipelines.MapGet("/", ListPipelines).RequireAuthorization(CapstanPolicies.Read);
        pipelines.MapGet("/{pipeline}", GetPipeline).RequireAuthorization(CapstanPolicies.Read);
        pipelines.MapPut("/{pipeline}", ApplyPipeline).RequireAuthorization(CapstanPolicies.Write);
        pipelines.MapDelete("/{pipeline}", DeletePipeline).RequireAuthorization(CapstanPolicies.Write);
        pipelines.MapPost("/{pipeline}/runs", StartRun).RequireAuthorization(CapstanPolicies.Write);
        var runs = app.MapGroup("/api/v1/runs").WithTags("Pipelines");
        runs.MapGet("/", ListRuns).RequireAuthorization(CapstanPolicies.Read);
        runs.MapGet("/{id}", GetRun).RequireAuthorization(CapstanPolicies.Read);
        runs.MapPost("/{id}/cancel", CancelRun).RequireAuthorization(CapstanPolicies.Write);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<PipelineInfo>>> ListPipelines(PipelineService pipelines, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(ModelGrants.Filter(context.User, await pipelines.ListAsync(cancellationToken), p => p.Model));

    private static async Task<Results<Ok<PipelineInfo>, ProblemHttpResult>> GetPipeline(
        PipelineService pipelines, HttpContext context, string pipeline, CancellationToken cancellationToken) =>
        Problem.Ok((await pipelines.GetAsync(pipeline, cancellationToken)).Then(p => ModelGrants.Granted(context.User, p.Model, p)));

    private static async Task<Results<Ok<PipelineApplied>, ProblemHttpResult>> ApplyPipeline(
        PipelineService pipelines, HttpContext context, string pipeline, string? commit, CancellationToken cancellationToken)
    {
        if (!(await ReadSpecAsync(context.Request, cancellationToken)).TryGetValue(out var text, out var error)
            || !PipelineService.Parse(pipeline, text).TryGetValue(out var spec, out error)
            || !ModelGrants.Granted(context.User, spec.Model, spec).TryGetValue(out _, out error))
            return Problem.From(error);
        if ((await pipelines.GetAsync(pipeline, cancellationToken)).TryGetValue(out var existing, out _)
            && !ModelGrants.Granted(context.User, existing.Model, existing).TryGetValue(out _, out error))
            return Problem.From(error);
        return Problem.Ok(await pipelines.ApplyAsync(pipeline, text, commit, RequestActor.Of(context), cancellationToken));
    }

    private static async Task<Results<Ok<PipelineInfo>, ProblemHttpResult>> DeletePipeline(
        PipelineService pipelines, HttpContext context, string pipeline, CancellationToken cancellationToken)
    {
        if (!(await pipelines.GetAsync(pipeline, cancellationToken)).Then(p => ModelGrants.Granted(context.User, p.Model, p)).TryGetValue(out _, out var error))
            return Problem.From(error);
        return Problem.Ok(await pipelines.DeleteAsync(pipeline, RequestActor.Of(context), cancellationToken));
    }

    private static async Task<Results<Accepted<PipelineRun>, ProblemHttpResult>> StartRun(
        PipelineService pipelines, HttpContext context, string pipeline, CancellationToken cancellationToken)
    {
        if (!(await pipelines.GetAsync(pipeline, cancellationToken)).Then(p => ModelGrants.Granted(context.User, p.Model, p)).TryGetValue(out _, out var error)
            || !(await pipelines.QueueAsync(pipeline, PipelineService.Manual, null, RequestActor.Of(context), cancellationToken)).TryGetValue(out var run, out error))
            return Problem.From(error);
        return TypedResults.Accepted($"/api/v1/runs/{run.Id}", run);
    }

    private static async Task<Results<Ok<IReadOnlyList<PipelineRun>>, ProblemHttpResult>> ListRuns(
        PipelineService pipelines, HttpContext context, string? pipeline, int? limit, CancellationToken cancellationToken) =>
        Problem.Ok((await pipelines.ListRunsAsync(pipeline, limit, cancellationToken)).Map(runs => ModelGrants.Filter(context.User, runs, r => r.Model)));

    private static async Task<Results<Ok<PipelineRun>, ProblemHttpResult>> GetRun(
        PipelineService pipelines, HttpContext context, string id, CancellationToken cancellationToken) =>
        Problem.Ok((await pipelines.GetRunAsync(id, cancellationToken)).Then(r => ModelGrants.Granted(context.User, r.Model, r)));

    private static async Task<Results<Ok<PipelineRun>, ProblemHttpResult>> CancelRun(
        PipelineService pipelines, HttpContext context, string id, CancellationToken cancellationToken)
    {
        if (!(await pipelines.GetRunAsync(id, cancellationToken)).Then(r => ModelGrants.Granted(context.User, r.Model, r)).TryGetValue(out _, out var error))
            return Problem.From(error);
        return Problem.Ok(await pipelines.CancelAsync(id, RequestActor.Of(context), cancellationToken));
    }

    /// <summary>The request body as UTF-8 text of at most <see cref="PipelineSpecReader.MaxBytes"/> bytes.</summary>
    private static async Task<Result<string>> ReadSpecAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = PipelineSpecReader.MaxBytes;
        if (request.ContentLength > limit)
            return TooLarge(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException e)
        {
            return Error.InvalidInput($"The spec is not UTF-8 text: byte {e.Index} is invalid.");
        }
    }

    private static Error TooLarge(int limit) => Error.TooLarge($"The spec is larger than {limit} bytes.");
}
