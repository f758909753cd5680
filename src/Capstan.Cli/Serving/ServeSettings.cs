using System.ComponentModel;
using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Server.Hosting;
using Capstan.Server.Security;
using Spectre.Console.Cli;

namespace Capstan.Cli.Serving;

/// <summary>The arguments of <c>capstan serve</c>, mapped onto <see cref="ServerOptions"/>; an option not given keeps the server's default.</summary>
/// <remarks>The server checks the mapped options itself (<see cref="ServerOptionsRules"/>) before it starts.</remarks>
internal sealed class ServeSettings : CommandSettings
{
    /// <summary>The addresses to listen on.</summary>
    [CommandOption("--urls <URLS>")]
    [Description("The addresses to listen on, separated by ';' (default: http://127.0.0.1:8080).")]
    public string? Urls { get; init; }

    /// <summary>The gRPC addresses.</summary>
    [CommandOption("--grpc-urls <URLS>")]
    [Description("The gRPC addresses, separated by ';' (default: the first HTTP port + 1).")]
    public string? GrpcUrls { get; init; }

    /// <summary>The data directory.</summary>
    [CommandOption("--data <DIR>")]
    [Description("The directory for the database, artifacts and uploads (default: .capstan).")]
    public string? Data { get; init; }

    /// <summary>The metadata store's connection string.</summary>
    [CommandOption("--store <CONNSTRING>")]
    [Description("A PostgreSQL connection string (default: SQLite in the data directory).")]
    public string? Store { get; init; }

    /// <summary>The PEM certificate the https:// addresses present.</summary>
    [CommandOption("--tls-cert <FILE>")]
    [Description("The PEM certificate (with any intermediates) for the https:// addresses in --urls and --grpc-urls.")]
    public string? TlsCert { get; init; }

    /// <summary>The PEM private key of the certificate.</summary>
    [CommandOption("--tls-key <FILE>")]
    [Description("The PEM private key of --tls-cert.")]
    public string? TlsKey { get; init; }

    /// <summary>The largest artifact accepted, as text so that a malformed number gets a clear message.</summary>
    [CommandOption("--max-artifact-bytes <N>")]
    [Description("The largest artifact accepted, in bytes (default: 2 GiB).")]
    public string? MaxArtifactBytes { get; init; }

    /// <summary>The memory budget of the loaded models, as text so that a malformed number gets a clear message.</summary>
    [CommandOption("--memory-budget-bytes <N>")]
    [Description("The memory the loaded models may hold together; past it idle models unload and load again on demand (default: half the memory).")]
    public string? MemoryBudgetBytes { get; init; }

    /// <summary>Whether authentication is off.</summary>
    [CommandOption("--no-auth")]
    [Description("Turn authentication off: anyone who reaches the server may do anything (prints a warning).")]
    public bool NoAuth { get; init; }

    /// <summary>Whether a non-loopback address may listen without TLS.</summary>
    [CommandOption("--allow-insecure-http")]
    [Description("Allow listening on a non-loopback address without TLS (prints a warning).")]
    public bool AllowInsecureHttp { get; init; }

    /// <summary>Where the first admin key is stored.</summary>
    [CommandOption("--credentials-file <FILE>")]
    [Description("Where the first start stores the admin key for the CLI (default: $CAPSTAN_CREDENTIALS, then ~/.config/capstan/credentials.json).")]
    public string? CredentialsFile { get; init; }

    /// <summary>The OIDC issuer whose discovery document gives the token signing keys.</summary>
    [CommandOption("--oidc-authority <URL>")]
    [Description("Accept OIDC bearer tokens from this issuer (its discovery document gives the signing keys).")]
    public string? OidcAuthority { get; init; }

    /// <summary>A PEM public key that signs OIDC tokens, instead of discovery.</summary>
    [CommandOption("--oidc-signing-key <FILE>")]
    [Description("Accept OIDC bearer tokens signed by this PEM public key (RSA or EC) instead of discovering keys.")]
    public string? OidcSigningKey { get; init; }

    /// <summary>The issuer OIDC tokens must carry.</summary>
    [CommandOption("--oidc-issuer <ISSUER>")]
    [Description("The issuer OIDC tokens must carry (default: the authority).")]
    public string? OidcIssuer { get; init; }

    /// <summary>The audience OIDC tokens must be for.</summary>
    [CommandOption("--oidc-audience <AUDIENCE>")]
    [Description("The audience OIDC tokens must be for (required with OIDC).")]
    public string? OidcAudience { get; init; }

    /// <summary>The token claim that holds roles or groups.</summary>
    [CommandOption("--oidc-role-claim <CLAIM>")]
    [Description("The token claim that holds the caller's roles or groups (default: roles).")]
    public string? OidcRoleClaim { get; init; }

    /// <summary>Maps role-claim values to Capstan roles.</summary>
    [CommandOption("--oidc-role-map <VALUE=ROLE>")]
    [Description("Map a role-claim value to a Capstan role, such as ml-admins=admin; repeatable.")]
    public string[] OidcRoleMap { get; init; } = [];

    /// <summary>Maps the options onto the server's runtime options.</summary>
    public Result<ServerOptions> ToServerOptions()
    {
        var options = new ServerOptions();
        if (Urls is not null)
            options.Urls = Urls;
        options.GrpcUrls = GrpcUrls;
        if (Data is not null)
            options.DataDirectory = Data;
        options.Store = string.IsNullOrWhiteSpace(Store) ? null : Store;
        options.TlsCertificatePath = TlsCert;
        options.TlsKeyPath = TlsKey;
        if (!ToAuthOptions().TryGetValue(out var auth, out var authError))
            return authError;
        options.Auth = auth;
        if (MaxArtifactBytes is not null)
        {
            if (!ParseBytes(MaxArtifactBytes, "--max-artifact-bytes").TryGetValue(out var max, out var error))
                return error;
            options.MaxArtifactBytes = max;
        }
        if (MemoryBudgetBytes is not null)
        {
            if (!ParseBytes(MemoryBudgetBytes, "--memory-budget-bytes").TryGetValue(out var budget, out var error))
                return error;
            options.MemoryBudgetBytes = budget;
        }
        return options;
    }

    private Result<AuthOptions> ToAuthOptions()
    {
        var auth = new AuthOptions
        {
            Disabled = NoAuth,
            AllowInsecureHttp = AllowInsecureHttp,
            CredentialsFile = CredentialsFile,
            Oidc = new OidcOptions
            {
                Authority = OidcAuthority,
                SigningKeyFile = OidcSigningKey,
                Issuer = OidcIssuer,
                Audience = OidcAudience,
                RoleClaim = OidcRoleClaim ?? "roles",
            },
        };
        foreach (var pair in OidcRoleMap)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
                return Error.InvalidInput($"--oidc-role-map '{pair}' is not VALUE=ROLE.");
            auth.Oidc.RoleMap[pair[..equals]] = pair[(equals + 1)..];
        }
        return auth;
    }

    private static Result<long> ParseBytes(string text, string option) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : Error.InvalidInput($"{option} '{text}' is not a whole number of bytes.");
}
