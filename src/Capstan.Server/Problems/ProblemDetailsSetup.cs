using Capstan.Core.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capstan.Server.Problems;

/// <summary>Makes every error the server answers, its own and the framework's, an RFC 9457 problem with a <c>code</c>.</summary>
public static class ProblemDetailsSetup
{
    /// <summary>Registers problem details with the <c>code</c> extension and the exception translation.</summary>
    public static IServiceCollection AddCapstanProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            var code = ErrorStatus.CodeFor(status);
            context.ProblemDetails.Extensions.TryAdd("code", code.ToString());
            context.ProblemDetails.Type ??= Problem.TypeOf(code);
            if (context.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
                context.ProblemDetails.Type = Problem.TypeOf(code);
            context.ProblemDetails.Title = Problem.TitleOf(code);
            context.ProblemDetails.Extensions.Remove("traceId");
        });
        services.AddExceptionHandler<ExceptionTranslator>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Adds the exception handler and the status-code pages that write the errors, always as JSON whatever the client accepts, in the shape of the request's plane (<see cref="PlaneErrors"/>).</summary>
    /// <remarks>
    /// gRPC calls (content type <c>application/grpc</c>) bypass both: gRPC ends its calls with a status of its own and its
    /// clients cannot read a JSON body, and the two would cost every inference call a state machine each and an items
    /// dictionary.
    /// </remarks>
    public static WebApplication UseCapstanProblemDetails(this WebApplication app)
    {
        app.UseWhen(context => context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true, problems =>
        {
            problems.UseExceptionHandler();
            problems.UseStatusCodePages(page => WriteAsync(page.HttpContext, DetailOf(page.HttpContext)));
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, string detail) =>
        PlaneErrors.WriteAsync(context, context.Response.StatusCode, new Error(ErrorStatus.CodeFor(context.Response.StatusCode), detail));

    /// <summary>Says why the framework answered an error without a handler: no route, a method the route lacks, a body over its limit.</summary>
    private static string DetailOf(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => "No route matches this path.",
        StatusCodes.Status405MethodNotAllowed => $"This route does not accept {context.Request.Method}.",
        StatusCodes.Status413PayloadTooLarge => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            ? $"The request body is over the limit of {limit:N0} bytes for this route."
            : "The request body is over this route's limit.",
        var status => $"The request failed with HTTP {status}.",
    };

    /// <summary>Translates exceptions: a bad request keeps its status and says why, a failing metadata store is a 503, anything else a 500; failures are logged and reveal nothing.</summary>
    private sealed class ExceptionTranslator(ILogger<ExceptionTranslator> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            string detail;
            if (exception is BadHttpRequestException bad)
            {
                context.Response.StatusCode = bad.StatusCode;
                detail = bad.InnerException is System.Text.Json.JsonException json
                    ? $"The request body is not valid JSON: {json.Message}"
                    : bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? DetailOf(context) : bad.Message;
            }
            else if (exception is System.Data.Common.DbException)
            {
                logger.LogError(exception, "The metadata store failed on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                detail = "The metadata store is unavailable; the server log has the details.";
            }
            else
            {
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                detail = "An unexpected error occurred; the server log has the details.";
            }
            await WriteAsync(context, detail);
            return true;
        }
    }
}
