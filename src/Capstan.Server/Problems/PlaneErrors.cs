using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Server.Hardening;
using Capstan.Server.Inference;
using Capstan.Server.Inference.Rest;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Problems;

/// <summary>Writes an error the framework or the middleware raised in the shape of the request's plane: <c>{"error": "..."}</c> for Open Inference Protocol REST, problem details elsewhere, a gRPC status for gRPC calls.</summary>
public static class PlaneErrors
{
    /// <summary>Writes <paramref name="error"/> with <paramref name="status"/>, always as JSON and with nosniff (an exception handler clears the headers set before it).</summary>
    public static Task WriteAsync(HttpContext context, int status, Error error)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return RequestPlanes.Of(context.Request) == RequestPlane.InferenceRest
            ? new OipResult(status, output => ResponseEncoder.WriteError(output, error)).ExecuteAsync(context)
            : Problem.ForStatus(status, error.Message).ExecuteAsync(context);
    }

    /// <summary>Ends a gRPC call as gRPC servers end a refused one: HTTP 200 with a trailers-only response carrying <paramref name="status"/> and <paramref name="message"/>.</summary>
    public static Task WriteGrpcAsync(HttpContext context, StatusCode status, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
