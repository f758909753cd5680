using Capstan.Core.Security;

namespace Capstan.Server.Security;

/// <summary>What an endpoint needs; a role grants a fixed set of these.</summary>
[Flags]
public enum Permission
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Reading models, versions, deployments and status.</summary>
    Read = 1,

    /// <summary>Calling inference.</summary>
    Infer = 2,

    /// <summary>Pushing, archiving and deleting versions, moving aliases, deploying.</summary>
    Write = 4,

    /// <summary>Managing keys and reading the audit trail.</summary>
    Admin = 8,
}

/// <summary>The permissions each role grants.</summary>
public static class RolePermissions
{
    /// <summary>The permissions <paramref name="role"/> grants.</summary>
    public static Permission Of(Role role) => role switch
    {
        Role.Viewer => Permission.Read,
        Role.Predictor => Permission.Infer,
        Role.Deployer => Permission.Read | Permission.Infer | Permission.Write,
        Role.Admin => Permission.Read | Permission.Infer | Permission.Write | Permission.Admin,
        _ => Permission.None,
    };
}
