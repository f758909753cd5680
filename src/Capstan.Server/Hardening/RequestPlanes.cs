using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Hardening;

/// <summary>Sorts requests into their <see cref="RequestPlane"/> by path.</summary>
public static class RequestPlanes
{
    /// <summary>The plane <paramref name="request"/> is for.</summary>
    public static RequestPlane Of(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api"))
            return RequestPlane.ControlPlane;
        if (path.StartsWithSegments("/inference.GRPCInferenceService") || request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
            return RequestPlane.InferenceGrpc;
        if (path.StartsWithSegments("/v2/health"))
            return RequestPlane.Other;
        return path.StartsWithSegments("/v2") || path.StartsWithSegments("/v1") ? RequestPlane.InferenceRest : RequestPlane.Other;
    }
}
