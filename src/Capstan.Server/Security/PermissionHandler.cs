using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Security;

/// <summary>Decides a <see cref="PermissionRequirement"/> from the caller's role and model grants and the model the route names.</summary>
/// <remarks>
/// A route names its model in the <c>name</c> route value or, for versions, in the <c>reference</c> route value
/// (<c>fraud:3</c>, <c>fraud@champion</c>); a caller narrowed to models may use only those, and listings filter what
/// it sees (<see cref="ModelGrants"/>). Admin work needs a caller that is not narrowed at all, so that a narrowed key
/// cannot create a broader one. gRPC calls name the model in the message and check it in the service.
/// </remarks>
internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var caller = context.User;
        if ((CallerRoles.PermissionsOf(caller) & requirement.Needs) == Permission.None)
            context.Fail(new AuthorizationFailureReason(this, $"The caller's role does not allow this ({Describe(requirement.Needs)} needed)."));
        else if (requirement.Needs == Permission.Admin && ModelGrants.IsNarrowed(caller))
            context.Fail(new AuthorizationFailureReason(this, "A key narrowed to models cannot manage keys or read the audit trail."));
        else if (context.Resource is HttpContext http && RouteModel(http) is { } model && !ModelGrants.Allows(caller, model))
            context.Fail(new AuthorizationFailureReason(this, $"The caller has no grant on model '{model}'."));
        else
            context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private static string? RouteModel(HttpContext http)
    {
        var values = http.Request.RouteValues;
        if (values.TryGetValue("name", out var name) && name is string modelName)
            return modelName;
        if (values.TryGetValue("reference", out var reference) && reference is string text)
            return text.Split(':', '@')[0];
        return null;
    }

    private static string Describe(Permission needs) =>
        needs == (Permission.Read | Permission.Infer) ? "read or infer" : needs.ToString().ToLowerInvariant();
}
