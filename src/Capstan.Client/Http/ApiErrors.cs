using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Serialization;

namespace Capstan.Client.Http;

/// <summary>Translates what goes wrong in an HTTP exchange into the <see cref="Error"/> vocabulary.</summary>
internal static class ApiErrors
{
    /// <summary>Reads the error from a response that is not a success: its problem details or protocol error, or else its status.</summary>
    public static async Task<Error> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await TryReadProblemAsync(response, cancellationToken);
        var code = Enum.TryParse<ErrorCode>(problem?.Code, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : FromStatus(response.StatusCode);
        var message = problem?.Detail ?? problem?.Title ?? problem?.Error
            ?? $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        return new Error(code, message);
    }

    /// <summary>The error code a status means when the body does not say.</summary>
    public static ErrorCode FromStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => ErrorCode.InvalidInput,
        HttpStatusCode.Unauthorized => ErrorCode.Unauthorized,
        HttpStatusCode.Forbidden => ErrorCode.Forbidden,
        HttpStatusCode.NotFound => ErrorCode.NotFound,
        HttpStatusCode.Conflict => ErrorCode.Conflict,
        HttpStatusCode.RequestEntityTooLarge => ErrorCode.TooLarge,
        HttpStatusCode.TooManyRequests => ErrorCode.Overloaded,
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => ErrorCode.NotReady,
        _ => ErrorCode.Internal,
    };

    /// <summary>Whether <paramref name="exception"/> means the server could not be reached or the connection broke.</summary>
    /// <remarks>
    /// Nothing counts once the caller has cancelled, so cancellation always surfaces as an exception; a cancellation
    /// the caller did not ask for is a timeout. An <see cref="IOException"/> counts only when it comes from the
    /// connection, so local disk errors are not mistaken for network ones.
    /// </remarks>
    public static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && exception is HttpRequestException or HttpIOException or OperationCanceledException
            or IOException { InnerException: SocketException };

    /// <summary>The <see cref="ErrorCode.NotReady"/> error for a transport failure, naming the server and the socket error.</summary>
    public static Error Unreachable(Uri server, Exception exception)
    {
        if (exception is OperationCanceledException)
            return Error.NotReady($"The Capstan server at {server} did not answer in time.");
        var socket = FindSocketError(exception);
        var reason = socket is null ? Innermost(exception).Message : $"{socket.Message} ({socket.SocketErrorCode})";
        return exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        }
            ? Error.NotReady($"Cannot reach the Capstan server at {server}: {reason}")
            : Error.NotReady($"The connection to the Capstan server at {server} broke: {reason}");
    }

    /// <summary>The error for a success response whose body is not what the contract promises.</summary>
    public static Error UnexpectedBody(string expected, string reason) =>
        Error.Internal($"The server answered with a body that is not a {expected}: {reason}");

    private static async Task<ProblemBody?> TryReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/problem+json" or "application/json"))
            return null;
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemBody>(CapstanJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SocketException? FindSocketError(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
                return socket;
        }
        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
            exception = exception.InnerException;
        return exception;
    }
}
