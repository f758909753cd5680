using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Security;

/// <summary>The authorization policies endpoints state, one per requirement, and the fallback that denies every endpoint stating none.</summary>
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

    /// <summary>Adds the policies; with <paramref name="enforced"/> false (authentication off) every policy allows everyone.</summary>
    /// <remarks>
    /// The fallback denies every mapped route that states no policy; requests that match no route, or match one with
    /// another method (the framework's own 404 and 405 answers, which are not route endpoints), pass on to be answered.
    /// </remarks>
    public static void Configure(AuthorizationOptions options, bool enforced)
    {
        Add(options, Read, Permission.Read, enforced);
        Add(options, ModelMetadata, Permission.Read | Permission.Infer, enforced);
        Add(options, Infer, Permission.Infer, enforced);
        Add(options, Write, Permission.Write, enforced);
        Add(options, Admin, Permission.Admin, enforced);
        options.FallbackPolicy = new AuthorizationPolicyBuilder()
            .RequireAssertion(context => context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint)
            .Build();
    }

    private static void Add(AuthorizationOptions options, string name, Permission needs, bool enforced) =>
        options.AddPolicy(name, policy =>
        {
            if (enforced)
                policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(needs));
            else
                policy.RequireAssertion(_ => true);
        });
}
