using Capstan.Core.Errors;
using Capstan.Server.Hardening;
using Capstan.Server.Inference;
using Capstan.Server.Inference.Rest;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Problems;

/// <summary>Writes an error the framework or the middleware raised in the shape of the request's plane: <c>{"error": "..."}</c> for Open Inference Protocol REST, problem details elsewhere.</summary>
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
}
