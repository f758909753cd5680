namespace Capstan.Client.Transfers;

/// <summary>Reads the SHA-256 digest from an RFC 9530 <c>Repr-Digest</c> header such as <c>sha-256=:BASE64:</c>.</summary>
internal static class ReprDigest
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "Repr-Digest";

    private const string Sha256Key = "sha-256";
    private const int Sha256Length = 32;

    /// <summary>Finds the <c>sha-256</c> member of a header value, which may list several algorithms.</summary>
    public static byte[]? ParseSha256(string headerValue)
    {
        foreach (var member in headerValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = member.IndexOf('=');
            if (equals < 0 || !member[..equals].Trim().Equals(Sha256Key, StringComparison.OrdinalIgnoreCase))
                continue;
            var value = member[(equals + 1)..].Trim();
            if (value.Length < 2 || value[0] != ':' || value[^1] != ':')
                return null;
            var digest = new byte[Sha256Length];
            return Convert.TryFromBase64String(value[1..^1], digest, out var written) && written == Sha256Length ? digest : null;
        }
        return null;
    }

    /// <summary>Finds the SHA-256 digest in a response's headers.</summary>
    public static byte[]? FromResponse(HttpResponseMessage response) =>
        response.Headers.TryGetValues(HeaderName, out var values) || response.Content.Headers.TryGetValues(HeaderName, out values)
            ? ParseSha256(string.Join(',', values))
            : null;
}
