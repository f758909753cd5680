namespace Capstan.Server.Security;

/// <summary>The requirements endpoints state, as policy names in their authorization metadata (<c>RequireAuthorization</c>, <c>[Authorize(Policy = ...)]</c>).</summary>
/// <remarks><see cref="EndpointAuthorization"/> enforces them; a route that states none, or a name not listed here, is denied to everyone.</remarks>
public static class CapstanPolicies
{
    /// <summary>Reading the registry, deployments and status.</summary>
    public const string Read = "capstan:read";

    /// <summary>Reading a model's serving metadata and readiness: reading or inference.</summary>
    public const string ModelMetadata = "capstan:model-metadata";

    /// <summary>Calling inference.</summary>
    public const string Infer = "capstan:infer";

    /// <summary>Changing models, aliases and deployments.</summary>
    public const string Write = "capstan:write";

    /// <summary>Managing keys and reading the audit trail, with a key that is not narrowed to models.</summary>
    public const string Admin = "capstan:admin";

    /// <summary>The permissions any one of which satisfies the policy named <paramref name="policy"/>, or none for a name that is not a Capstan policy.</summary>
    public static Permission PermissionOf(string? policy) => policy switch
    {
        Read => Permission.Read,
        ModelMetadata => Permission.Read | Permission.Infer,
        Infer => Permission.Infer,
        Write => Permission.Write,
        Admin => Permission.Admin,
        _ => Permission.None,
    };
}
