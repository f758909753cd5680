namespace Capstan.Server.Security;

/// <summary>Optional OpenID Connect bearer tokens (JWTs) as a second way to authenticate, with role claims mapped to Capstan roles.</summary>
/// <remarks>
/// Enabled when <see cref="Authority"/> (keys from its discovery document) or <see cref="SigningKeyFile"/> (a PEM public
/// key, for identity providers the server cannot reach) is set. A token's <see cref="RoleClaim"/> values are mapped
/// through <see cref="RoleMap"/>, or taken as a role name (viewer, predictor, deployer, admin) when the map has no entry;
/// a token with no role gets nothing.
/// </remarks>
public sealed class OidcOptions
{
    /// <summary>The issuer's address, whose <c>.well-known/openid-configuration</c> gives the signing keys; null when not used.</summary>
    public string? Authority { get; set; }

    /// <summary>A PEM file with the issuer's public signing key (RSA or EC), used instead of discovery; null when not used.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The issuer tokens must carry (<c>iss</c>); defaults to <see cref="Authority"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must be for (<c>aud</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that holds the caller's roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim that names the caller.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>Maps role-claim values (such as an identity provider's group names) to Capstan role names.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether tokens are accepted at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKeyFile);
}
