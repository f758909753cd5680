using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Registry.Stores;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Feedback;

/// <summary>The control-plane route that takes ground-truth labels for a model's answered requests.</summary>
/// <remarks>
/// A post is stored whole or not at all. A label posted again for a request id replaces the earlier one, and the
/// receipt counts how many did. The body is bounded by <c>HttpLimitsOptions:MaxRequestBodyBytes</c> (413 past it) and by
/// <see cref="FeedbackLimits.MaxLabelsPerPost"/> labels.
/// </remarks>
public static class FeedbackApi
{
    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = FeedbackBody.MaxDepth };

    /// <summary>Maps <c>POST /api/v1/models/{name}/feedback</c>.</summary>
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/models/{name}/feedback", PostFeedbackAsync).WithTags("Feedback").RequireAuthorization(CapstanPolicies.Write);
        return app;
    }

    private static async Task<Results<Ok<FeedbackReceipt>, ProblemHttpResult>> PostFeedbackAsync(
        IRegistryStore store, HttpContext context, string name, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return Problem.From(error);
        if (!context.Request.HasJsonContentType())
            return Problem.ForStatus(StatusCodes.Status415UnsupportedMediaType, "Feedback is posted as JSON, with Content-Type: application/json.");
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, Reading, cancellationToken);
        }
        catch (JsonException e)
        {
            return Problem.From(Error.InvalidInput($"The request body is not valid JSON: {e.Message}"));
        }
        using (body)
        {
            if (!FeedbackBody.Read(body.RootElement).TryGetValue(out var labels, out error))
                return Problem.From(error);
            return Problem.Ok(await store.AddFeedbackAsync(model, labels, RequestActor.Of(context), cancellationToken));
        }
    }
}
