using System.Security.Claims;
using Capstan.Core.Security;

namespace Capstan.Server.Security;

/// <summary>Reads what a caller may do from its role claims.</summary>
public static class CallerRoles
{
    /// <summary>The permissions of <paramref name="caller"/>: none for an anonymous caller.</summary>
    public static Permission PermissionsOf(ClaimsPrincipal caller) => caller switch
    {
        CallerPrincipal known => known.Permissions,
        { Identity.IsAuthenticated: true } => PermissionsOf(caller.FindAll(ClaimTypes.Role)),
        _ => Permission.None,
    };

    /// <summary>The union of the permissions of every Capstan role among <paramref name="roleClaims"/>.</summary>
    public static Permission PermissionsOf(IEnumerable<Claim> roleClaims)
    {
        var permissions = Permission.None;
        foreach (var claim in roleClaims)
            if (RoleNames.Parse(claim.Value) is { } role)
                permissions |= RolePermissions.Of(role);
        return permissions;
    }
}
