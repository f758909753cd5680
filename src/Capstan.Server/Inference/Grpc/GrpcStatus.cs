using System.Diagnostics.CodeAnalysis;
using Capstan.Core.Errors;
using Grpc.Core;

namespace Capstan.Server.Inference.Grpc;

/// <summary>The one translation between <see cref="ErrorCode"/> and gRPC status codes for the Open Inference Protocol.</summary>
/// <remarks>
/// Overloaded is Unavailable, as Triton answers a full queue and as gRPC maps HTTP 429: it tells clients to back off and
/// retry, and default gRPC retry policies retry it. ResourceExhausted is kept for TooLarge, which is also what
/// Grpc.AspNetCore answers for a message over the receive limit, so one cause has one code however it is caught.
/// </remarks>
internal static class GrpcStatus
{
    /// <summary>The gRPC status code for an error code.</summary>
    public static StatusCode For(ErrorCode code) => code switch
    {
        ErrorCode.InvalidInput => StatusCode.InvalidArgument,
        ErrorCode.NotFound => StatusCode.NotFound,
        ErrorCode.AlreadyExists => StatusCode.AlreadyExists,
        ErrorCode.Conflict => StatusCode.FailedPrecondition,
        ErrorCode.NotReady or ErrorCode.Overloaded => StatusCode.Unavailable,
        ErrorCode.Unauthorized => StatusCode.Unauthenticated,
        ErrorCode.Forbidden => StatusCode.PermissionDenied,
        ErrorCode.TooLarge => StatusCode.ResourceExhausted,
        _ => StatusCode.Internal,
    };

    /// <summary>Ends the call with the status for <paramref name="error"/> and its message.</summary>
    [DoesNotReturn]
    public static void Throw(Error error) => throw new RpcException(new Status(For(error.Code), error.Message));

    /// <summary>The value of <paramref name="result"/>, or ends the call with its error's status.</summary>
    public static T ValueOrThrow<T>(Result<T> result)
    {
        if (!result.TryGetValue(out var value, out var error))
            Throw(error);
        return value;
    }
}
