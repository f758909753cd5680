using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Capstan.Server.Security;

/// <summary>Finds the credential a request presents: the <c>x-api-key</c> header, else the token of <c>Authorization: Bearer</c>.</summary>
/// <remarks>gRPC metadata arrive as the same headers. The credential is a segment of the header's value, so finding it allocates nothing.</remarks>
public static class PresentedCredential
{
    /// <summary>The header that carries a key on its own.</summary>
    public const string KeyHeader = "x-api-key";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The presented credential, or an empty segment when the request presents none.</summary>
    public static StringSegment Of(HttpRequest request)
    {
        var key = new StringSegment(request.Headers[KeyHeader].ToString()).Trim();
        if (key.Length > 0)
            return key;
        var authorization = new StringSegment(request.Headers[HeaderNames.Authorization].ToString());
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization.Subsegment(BearerPrefix.Length).Trim()
            : StringSegment.Empty;
    }

    /// <summary>Whether <paramref name="credential"/> is a JSON Web Token (three dot-separated parts) rather than an API key.</summary>
    public static bool IsJwt(StringSegment credential) =>
        !credential.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal) && credential.AsSpan().Count('.') == 2;
}
