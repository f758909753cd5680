namespace Capstan.Core.Security;

/// <summary>Reads role names as people and identity providers write them: viewer, predictor, deployer, admin, in any case.</summary>
public static class RoleNames
{
    /// <summary>The role <paramref name="name"/> names, or null when it names none (numbers are not names).</summary>
    public static Role? Parse(string? name) =>
        !string.IsNullOrEmpty(name) && char.IsLetter(name[0]) && Enum.TryParse<Role>(name, ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : null;
}
