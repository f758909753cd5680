using System.Collections.Frozen;
using System.Security.Claims;
using Capstan.Core.Security;

namespace Capstan.Server.Security;

/// <summary>An authenticated caller whose permissions and model grants are worked out once, when it is authenticated, rather than on every request.</summary>
/// <remarks>
/// Every way of authenticating (API keys, OIDC tokens) yields one, so a caller that is not one is anonymous. Its claims
/// are those of <see cref="CapstanClaims"/>; an API key's principal is shared by every request presenting the key and
/// never changed.
/// </remarks>
public sealed class CallerPrincipal : ClaimsPrincipal
{
    /// <summary>Makes the caller of <paramref name="identity"/>, reading its role and model claims.</summary>
    public CallerPrincipal(ClaimsIdentity identity)
        : base(identity)
    {
        Permissions = PermissionsOf(identity.FindAll(ClaimTypes.Role));
        var models = identity.FindAll(CapstanClaims.Model).Select(c => c.Value).ToList();
        GrantedModels = models.Count == 0 ? null : models.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>What the caller's roles allow.</summary>
    public Permission Permissions { get; }

    /// <summary>The models the caller is narrowed to, or null for every model.</summary>
    public FrozenSet<string>? GrantedModels { get; }

    /// <summary>What <paramref name="caller"/> may do: its <see cref="Permissions"/>, or nothing for anyone else (an anonymous caller).</summary>
    public static Permission PermissionsOf(ClaimsPrincipal caller) => (caller as CallerPrincipal)?.Permissions ?? Permission.None;

    private static Permission PermissionsOf(IEnumerable<Claim> roleClaims)
    {
        var permissions = Permission.None;
        foreach (var claim in roleClaims)
            if (RoleNames.Parse(claim.Value) is { } role)
                permissions |= RolePermissions.Of(role);
        return permissions;
    }
}
