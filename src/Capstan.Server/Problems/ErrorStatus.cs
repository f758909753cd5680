using Capstan.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Problems;

/// <summary>The one translation between <see cref="ErrorCode"/> and HTTP for the control plane.</summary>
public static class ErrorStatus
{
    /// <summary>The HTTP status for an error code.</summary>
    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.InvalidInput => StatusCodes.Status400BadRequest,
        ErrorCode.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.AlreadyExists or ErrorCode.Conflict => StatusCodes.Status409Conflict,
        ErrorCode.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.Overloaded => StatusCodes.Status429TooManyRequests,
        ErrorCode.NotReady => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The error code a bare HTTP status stands for, used for errors the framework raises itself.</summary>
    public static ErrorCode CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCode.Unauthorized,
        StatusCodes.Status403Forbidden => ErrorCode.Forbidden,
        StatusCodes.Status404NotFound => ErrorCode.NotFound,
        StatusCodes.Status409Conflict => ErrorCode.Conflict,
        StatusCodes.Status413PayloadTooLarge => ErrorCode.TooLarge,
        StatusCodes.Status429TooManyRequests => ErrorCode.Overloaded,
        StatusCodes.Status503ServiceUnavailable => ErrorCode.NotReady,
        >= 400 and < 500 => ErrorCode.InvalidInput,
        _ => ErrorCode.Internal,
    };
}
