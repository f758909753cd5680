using Capstan.Core.Errors;
using Capstan.Server.Hardening;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Capstan.Server.Security;

/// <summary>Answers a denied request (401 without valid credentials, 403 without the permission or grant) in its front end's error shape, and records it in the audit trail.</summary>
/// <remarks>
/// Control-plane routes answer problem details, Open Inference Protocol REST routes <c>{"error": ...}</c>, gRPC calls a
/// trailers-only response with Unauthenticated or PermissionDenied. The reason says what was missing, never anything
/// about a key beyond its id. A request whose key could not be checked because the key store failed answers 503 and is
/// not recorded (the audit trail lives in the same store).
/// </remarks>
internal sealed class DeniedRequests(DenialRecorder recorder)
{
    /// <summary>Records and answers the denial of <paramref name="context"/>'s request with <paramref name="error"/>.</summary>
    public async Task DenyAsync(HttpContext context, Error error)
    {
        if (error.Code != ErrorCode.NotReady)
            await recorder.RecordAsync(context, error, context.Request.RouteValues.TryGetValue("name", out var name) ? name as string : null);
        if (error.Code == ErrorCode.Unauthorized)
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await WriteAsync(context, error);
    }

    private static Task WriteAsync(HttpContext context, Error error) =>
        RequestPlanes.Of(context.Request) == RequestPlane.InferenceGrpc
            ? PlaneErrors.WriteGrpcAsync(context, GrpcStatus.For(error.Code), error.Message)
            : PlaneErrors.WriteAsync(context, ErrorStatus.For(error.Code), error);
}
