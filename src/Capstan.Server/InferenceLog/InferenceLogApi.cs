using System.Globalization;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Serialization;
using Capstan.Core.Serving;
using Capstan.Monitoring.InferenceLog;
using Capstan.Server.Problems;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.InferenceLog;

/// <summary>The control-plane routes that read the inference log back and report how it keeps up.</summary>
public static class InferenceLogApi
{
    /// <summary>The media type of a log read: one JSON request a line.</summary>
    public const string JsonLines = "application/x-ndjson";

    /// <summary>The most requests one read returns.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>Maps <c>GET /api/v1/models/{name}/logs</c> and <c>GET /api/v1/logs/stats</c>.</summary>
    public static IEndpointRouteBuilder MapInferenceLogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models/{name}/logs", ReadLog).WithTags("Inference log").RequireAuthorization(CapstanPolicies.Read);
        app.MapGet("/api/v1/logs/stats", Statistics).WithTags("Inference log").RequireAuthorization(CapstanPolicies.Read);
        return app;
    }

    private static Ok<InferenceLogStatistics> Statistics(InferenceLogWriter writer) => TypedResults.Ok(writer.Statistics);

    private static Results<PushStreamHttpResult, ProblemHttpResult> ReadLog(
        InferenceLogReader reader, TimeProvider time, string name, string? since, string? until, int? limit, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return Problem.From(error);
        if (limit is < 1 or > MaxLimit)
            return Problem.From(Error.InvalidInput($"The limit {limit} is outside 1 to {MaxLimit}."));
        if (!TimeOf(since, "since", DateTimeOffset.MinValue).TryGetValue(out var from, out error)
            || !TimeOf(until, "until", time.GetUtcNow().AddYears(1)).TryGetValue(out var to, out error))
            return Problem.From(error);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, leaveOpen: true);
            await foreach (var record in reader.ReadAsync(model.ToString(), from, to, limit ?? 1000, cancellationToken))
            {
                await writer.WriteAsync(JsonSerializer.Serialize(record.ToInference(), CapstanJson.Options).AsMemory(), cancellationToken);
                await writer.WriteAsync("\n".AsMemory(), cancellationToken);
            }
        }, JsonLines);
    }

    private static Result<DateTimeOffset> TimeOf(string? text, string parameter, DateTimeOffset absent)
    {
        if (text is null)
            return absent;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : Error.InvalidInput($"The {parameter} time '{NameRules.Printable(text)}' is not an ISO-8601 date and time such as 2025-03-14T15:09:26Z.");
    }
}
