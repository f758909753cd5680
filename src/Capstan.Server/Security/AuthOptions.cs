namespace Capstan.Server.Security;

/// <summary>How callers authenticate: API keys always, OIDC tokens when configured, or nobody at all when explicitly disabled.</summary>
public sealed class AuthOptions
{
    /// <summary>Turns authentication off: every caller may do everything. Only for a trusted machine; the server warns at start.</summary>
    public bool Disabled { get; set; }

    /// <summary>Allows listening on a non-loopback address without TLS, where keys would cross the network in clear; the server warns at start.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The credentials file the first admin key is stored in; null for the CLI's default (<see cref="CredentialsFile.DefaultPath"/>).</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>OpenID Connect bearer tokens.</summary>
    public OidcOptions Oidc { get; set; } = new();
}
