using System.Security.Claims;
using Capstan.Core.Security;

namespace Capstan.Server.Security;

/// <summary>Reads what an authenticated caller may do from its role claims.</summary>
public static class CallerRoles
{
    /// <summary>The union of the permissions of every Capstan role <paramref name="caller"/> holds; none for an anonymous caller.</summary>
    public static Permission PermissionsOf(ClaimsPrincipal caller)
    {
        if (caller.Identity?.IsAuthenticated != true)
            return Permission.None;
        var permissions = Permission.None;
        foreach (var claim in caller.FindAll(ClaimTypes.Role))
            if (RoleNames.Parse(claim.Value) is { } role)
                permissions |= RolePermissions.Of(role);
        return permissions;
    }
}
