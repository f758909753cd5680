using Capstan.Core.Errors;
using Capstan.Server.Inference.Grpc;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Security;

/// <summary>Ends a denied gRPC call as gRPC servers do: HTTP 200 with a trailers-only response carrying the status and message.</summary>
internal static class GrpcDenial
{
    /// <summary>Writes the trailers-only response for <paramref name="error"/> (Unauthenticated or PermissionDenied).</summary>
    public static Task WriteAsync(HttpContext context, Error error)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)GrpcStatus.For(error.Code)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(error.Message);
        return Task.CompletedTask;
    }
}
