using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Capstan.Server.Security;

/// <summary>Finds the credential a request presents: the <c>x-api-key</c> header, else the token of <c>Authorization: Bearer</c>.</summary>
public static class PresentedCredential
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The presented credential, or null when the request presents none.</summary>
    public static string? Of(HttpRequest request)
    {
        var key = request.Headers[ApiKeyAuthenticationHandler.KeyHeader].ToString().Trim();
        if (key.Length > 0)
            return key;
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && authorization.Length > BearerPrefix.Length
            ? authorization[BearerPrefix.Length..].Trim()
            : null;
    }

    /// <summary>Whether the request presents a JSON Web Token (three dot-separated parts) rather than an API key.</summary>
    public static bool IsJwt(HttpRequest request) =>
        Of(request) is { } credential
        && !credential.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal)
        && credential.Count(c => c == '.') == 2;
}
