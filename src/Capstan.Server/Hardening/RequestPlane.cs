using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Hardening;

/// <summary>Which part of the server a request is for, which decides its rate limit and the shape of its errors.</summary>
public enum RequestPlane
{
    /// <summary>Neither: health probes and the server's own documents, never limited.</summary>
    Other,

    /// <summary>Open Inference Protocol REST (<c>/v2</c>, <c>/v1</c>), whose errors are <c>{"error": "..."}</c>.</summary>
    InferenceRest,

    /// <summary>Open Inference Protocol gRPC, whose errors are gRPC statuses.</summary>
    InferenceGrpc,

    /// <summary>The control plane (<c>/api</c>), whose errors are problem details.</summary>
    ControlPlane,
}
