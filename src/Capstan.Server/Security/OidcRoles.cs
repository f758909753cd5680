using System.Security.Claims;
using Capstan.Core.Security;

namespace Capstan.Server.Security;

/// <summary>Turns a validated token's claims into a Capstan caller: its name and the roles its role claims map to.</summary>
internal static class OidcRoles
{
    /// <summary>The caller for a token whose claims are <paramref name="token"/>.</summary>
    public static ClaimsPrincipal Map(ClaimsPrincipal token, OidcOptions options)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, token.FindFirst(options.NameClaim)?.Value ?? "oidc") };
        foreach (var claim in token.FindAll(options.RoleClaim))
            if (RoleFor(claim.Value, options) is { } role)
                claims.Add(new Claim(ClaimTypes.Role, role.ToString()));
        return new CallerPrincipal(new ClaimsIdentity(claims, "Oidc"));
    }

    private static Role? RoleFor(string value, OidcOptions options) =>
        RoleNames.Parse(options.RoleMap.TryGetValue(value, out var mapped) ? mapped : value);
}
