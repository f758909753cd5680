using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Ends a call that failed with an unexpected exception as INTERNAL with a message that reveals nothing, and logs the exception.</summary>
/// <remarks>
/// Expected failures already end as <see cref="RpcException"/> with their status (<see cref="GrpcStatus"/>); without
/// this, the framework would answer UNKNOWN. It wraps each method where it is bound rather than being a gRPC interceptor,
/// which would add an asynchronous step and an instance to every call; a call that completes at once passes through
/// untouched. Thread-safe.
/// </remarks>
internal sealed class UnexpectedErrors(ILogger<UnexpectedErrors> logger)
{
    /// <summary>The message a caller gets for an unexpected failure.</summary>
    public const string Message = "An unexpected error occurred; the server log has the details.";

    /// <summary>The method <paramref name="method"/> with its unexpected exceptions, thrown or in its task, ended as INTERNAL.</summary>
    public UnaryServerMethod<TService, TRequest, TResponse> Guard<TService, TRequest, TResponse>(UnaryServerMethod<TService, TRequest, TResponse> method)
        where TService : class
        where TRequest : class
        where TResponse : class =>
        (service, request, context) =>
        {
            Task<TResponse> call;
            try
            {
                call = method(service, request, context);
            }
            catch (Exception e) when (IsUnexpected(e))
            {
                throw Internal(e, context);
            }
            return call.IsCompletedSuccessfully ? call : ObserveAsync(call, context);
        };

    private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> call, ServerCallContext context)
    {
        try
        {
            return await call;
        }
        catch (Exception e) when (IsUnexpected(e))
        {
            throw Internal(e, context);
        }
    }

    private static bool IsUnexpected(Exception e) => e is not RpcException and not OperationCanceledException;

    private RpcException Internal(Exception e, ServerCallContext context)
    {
        logger.LogError(e, "Unhandled error in gRPC call {Method}", context.Method);
        return new RpcException(new Status(StatusCode.Internal, Message));
    }
}
