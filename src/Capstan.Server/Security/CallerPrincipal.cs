using System.Collections.Frozen;
using System.Security.Claims;

namespace Capstan.Server.Security;

/// <summary>An authenticated caller whose permissions and model grants are worked out once, when it is authenticated, rather than on every request.</summary>
/// <remarks>Its claims are those of <see cref="CapstanClaims"/>; an API key's principal is shared by every request presenting the key and never changed.</remarks>
public sealed class CallerPrincipal : ClaimsPrincipal
{
    /// <summary>Makes the caller of <paramref name="identity"/>, reading its role and model claims.</summary>
    public CallerPrincipal(ClaimsIdentity identity)
        : base(identity)
    {
        Permissions = CallerRoles.PermissionsOf(identity.FindAll(ClaimTypes.Role));
        var models = identity.FindAll(CapstanClaims.Model).Select(c => c.Value).ToList();
        GrantedModels = models.Count == 0 ? null : models.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>What the caller's roles allow.</summary>
    public Permission Permissions { get; }

    /// <summary>The models the caller is narrowed to, or null for every model.</summary>
    public FrozenSet<string>? GrantedModels { get; }
}
