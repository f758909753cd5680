using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Ends a call that failed with an unexpected exception as INTERNAL with a message that reveals nothing, and logs the exception.</summary>
/// <remarks>Expected failures already end as <see cref="RpcException"/> with their status (<see cref="GrpcStatus"/>); without this, the framework would answer UNKNOWN.</remarks>
internal sealed class UnexpectedErrors(ILogger<UnexpectedErrors> logger) : Interceptor
{
    /// <summary>The message a caller gets for an unexpected failure.</summary>
    public const string Message = "An unexpected error occurred; the server log has the details.";

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled error in gRPC call {Method}", context.Method);
            throw new RpcException(new Status(StatusCode.Internal, Message));
        }
    }
}
