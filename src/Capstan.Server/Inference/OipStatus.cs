using Capstan.Core.Errors;
using Capstan.Server.Problems;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Inference;

/// <summary>The one translation between <see cref="ErrorCode"/> and HTTP for the Open Inference Protocol's REST front end.</summary>
/// <remarks>As the control plane's, except that an overloaded model answers 503 with <c>Retry-After</c>, as KServe and Triton clients expect of a full queue.</remarks>
public static class OipStatus
{
    /// <summary>The seconds a client is told to wait after a 503 for a full queue.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>The HTTP status for an error code.</summary>
    public static int For(ErrorCode code) =>
        code == ErrorCode.Overloaded ? StatusCodes.Status503ServiceUnavailable : ErrorStatus.For(code);
}
