using Microsoft.AspNetCore.Authentication;

namespace Capstan.Server.Security;

/// <summary>The outcome of authenticating a request, as the request feature the authorization policies read.</summary>
/// <remarks>
/// The outcome of a cached API key is one instance shared by every request that presents the key, so it cannot be
/// replaced through the feature: setting it to another result throws rather than changing other requests (the
/// authorization middleware sets it back to the same result, which is allowed).
/// </remarks>
/// <param name="result">The authentication result.</param>
/// <param name="shared">Whether the instance is shared between requests.</param>
public sealed class AuthenticatedCaller(AuthenticateResult result, bool shared) : IAuthenticateResultFeature
{
    private AuthenticateResult? _result = result;

    /// <inheritdoc />
    public AuthenticateResult? AuthenticateResult
    {
        get => _result;
        set => _result = !shared || ReferenceEquals(value, _result)
            ? value
            : throw new NotSupportedException("A cached API key's authentication is shared between requests and cannot be replaced.");
    }
}
