using Capstan.Core.Errors;
using Capstan.Server.Hosting;

namespace Capstan.Server.Security;

/// <summary>The checks authentication settings must pass before a server starts, and the warnings an explicit opt-out prints.</summary>
public static class AuthRules
{
    /// <summary>Refuses a non-loopback address without TLS unless allowed, and OIDC settings that cannot work.</summary>
    public static Error? Check(AuthOptions auth, ServerEndpoints endpoints)
    {
        if (!auth.AllowInsecureHttp && InsecureAddress(endpoints) is { } address)
            return Error.InvalidInput(
                $"{address} is reachable from other machines without TLS, so API keys would cross the network in clear text; " +
                "serve with --tls-cert and --tls-key, listen on loopback, or pass --allow-insecure-http to accept the risk.");
        var oidc = auth.Oidc;
        if (!string.IsNullOrWhiteSpace(oidc.SigningKeyFile) && !File.Exists(oidc.SigningKeyFile))
            return Error.InvalidInput($"The OIDC signing key file '{oidc.SigningKeyFile}' does not exist.");
        if (oidc.Enabled && string.IsNullOrWhiteSpace(oidc.Audience))
            return Error.InvalidInput("OIDC tokens need an audience to check (Auth:Oidc:Audience), so that tokens issued for other applications are refused.");
        foreach (var (claim, role) in oidc.RoleMap)
            if (Core.Security.RoleNames.Parse(role) is null)
                return Error.InvalidInput($"The OIDC role map sends '{claim}' to '{role}', which is not a role (viewer, predictor, deployer, admin).");
        return null;
    }

    /// <summary>The warnings to print at start for what <paramref name="auth"/> explicitly allows.</summary>
    public static IEnumerable<string> Warnings(AuthOptions auth, ServerEndpoints endpoints)
    {
        if (auth.Disabled)
            yield return "Authentication is OFF (--no-auth): anyone who can reach this server may read, change and delete everything.";
        if (auth.AllowInsecureHttp && InsecureAddress(endpoints) is { } address)
            yield return $"{address} accepts connections from other machines without TLS (--allow-insecure-http): keys and data cross the network in clear text.";
    }

    private static Uri? InsecureAddress(ServerEndpoints endpoints) => endpoints.Plaintext.FirstOrDefault(address => !address.IsLoopback);
}
