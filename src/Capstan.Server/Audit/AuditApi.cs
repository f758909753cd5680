using System.Globalization;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serialization;
using Capstan.Registry.Audit;
using Capstan.Registry.Stores;
using Capstan.Server.Problems;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Audit;

/// <summary>The control-plane routes that list, verify and export the audit trail.</summary>
public static class AuditApi
{
    /// <summary>The media type of an export: one JSON entry a line.</summary>
    public const string JsonLines = "application/x-ndjson";

    /// <summary>Maps the routes under <c>/api/v1/audit</c>.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(CapstanPolicies.Admin);
        api.MapGet("/", ListEntries);
        api.MapGet("/verify", Verify);
        api.MapGet("/export", Export);
        return app;
    }

    private static async Task<Results<Ok<Page<AuditEntry>>, ProblemHttpResult>> ListEntries(
        IRegistryStore store, string? model, string? since, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        ModelName? modelName = null;
        if (model is not null)
        {
            if (!ModelName.Parse(model).TryGetValue(out var parsed, out var error))
                return Problem.From(error);
            modelName = parsed;
        }
        DateTimeOffset? sinceTime = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Problem.From(Error.InvalidInput(
                    $"The time '{NameRules.Printable(since)}' is not an ISO-8601 date and time such as 2025-03-14T15:09:26Z."));
            sinceTime = parsed;
        }
        return Problem.Ok(await store.ListAuditAsync(new AuditQuery(modelName, sinceTime, pageSize ?? 100, pageToken), cancellationToken));
    }

    private static async Task<Ok<AuditVerification>> Verify(IRegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AuditVerifier.VerifyAsync(store, cancellationToken));

    private static PushStreamHttpResult Export(IRegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, leaveOpen: true);
            await foreach (var entry in store.ReadAuditAsync(cancellationToken))
            {
                await writer.WriteAsync(JsonSerializer.Serialize(entry, CapstanJson.Options).AsMemory(), cancellationToken);
                await writer.WriteAsync("\n".AsMemory(), cancellationToken);
            }
        }, JsonLines);
}
