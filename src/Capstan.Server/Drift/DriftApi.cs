using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Core.Serialization;
using Capstan.Monitoring.Drift;
using Capstan.Server.Problems;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Drift;

/// <summary>The on-demand drift route: a model's drift over a window of its inference log, against each version's reference profile.</summary>
public static class DriftApi
{
    /// <summary>Maps <c>GET /api/v1/models/{name}/drift?window=1h&amp;test=&amp;threshold=&amp;share=</c>.</summary>
    public static IEndpointRouteBuilder MapDriftApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models/{name}/drift", GetAsync).WithTags("Drift").RequireAuthorization(CapstanPolicies.Read);
        return app;
    }

    private static async Task<Results<Ok<DriftReport>, ProblemHttpResult>> GetAsync(
        string name, string? window, string? test, string? threshold, string? share, DriftEvaluator evaluator, DriftOptions options,
        CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error)
            || !Settings(test, threshold, share, options).TryGetValue(out var settings, out error))
            return Problem.From(error);
        var span = options.Window;
        if (window is not null && !DurationText.Parse(window, "The window").TryGetValue(out span, out error))
            return Problem.From(error);
        return Problem.Ok(await evaluator.EvaluateAsync(model, span, settings, cancellationToken));
    }

    private static Result<DriftSettings> Settings(string? test, string? threshold, string? share, DriftOptions options)
    {
        DriftTest? chosen = null;
        if (test is not null)
        {
            if (!DriftTests.Parse(test).TryGetValue(out var parsed, out var error))
                return error;
            chosen = parsed;
        }
        if (!Number(threshold, "threshold").TryGetValue(out var limit, out var invalid) || !Number(share, "share").TryGetValue(out var drifted, out invalid))
            return invalid;
        return new DriftSettings(chosen, limit, drifted ?? options.DriftShare);
    }

    private static Result<double?> Number(string? text, string what)
    {
        if (text is null)
            return (double?)null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : Error.InvalidInput($"The {what} '{NameRules.Printable(text)}' is not a number.");
    }
}
