using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Capstan.Core.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Security;

/// <summary>Authenticates a request by the API key in <c>x-api-key</c> or <c>Authorization: Bearer</c> (gRPC metadata are the same headers).</summary>
/// <remarks>
/// A request without a key is anonymous (no result); one with a bad key fails with the reason, which the denial response
/// repeats. A key store that cannot be read fails the request as unavailable (503) rather than unauthenticated, and does
/// not disturb endpoints open to everyone, such as liveness.
/// </remarks>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header that carries a key on its own.</summary>
    public const string KeyHeader = "x-api-key";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedCredential.Of(Request) is not { } presented)
            return AuthenticateResult.NoResult();
        Result<ClaimsPrincipal> validated;
        try
        {
            validated = await validator.ValidateAsync(presented, Context.RequestAborted);
        }
        catch (DbException e)
        {
            Logger.LogError(e, "The key store failed while checking an API key on {Method} {Path}", Request.Method, Request.Path);
            return AuthenticateResult.Fail(new KeyStoreUnavailableException(e));
        }
        return validated.TryGetValue(out var caller, out var error)
            ? AuthenticateResult.Success(new AuthenticationTicket(caller, SchemeName))
            : AuthenticateResult.Fail(error.Message);
    }
}
