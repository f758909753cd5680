using System.Collections.Concurrent;
using Capstan.Core.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Security;

/// <summary>Enforces what each endpoint states: open to everyone, one of <see cref="CapstanPolicies"/>, or (stating nothing) nobody.</summary>
/// <remarks>
/// A caller passes when its role grants one of the endpoint's permissions, it is not narrowed to models for admin work,
/// and it holds a grant on the model the route names (the <c>name</c> route value, or the model of a <c>reference</c>
/// such as <c>fraud:3</c>); gRPC calls name their model in the message and check the grant in the service. Requests
/// that match no route, or a route with another method (the framework's 404 and 405, which are not route endpoints),
/// pass on to be answered. With authentication off every stated requirement passes. This stands where ASP.NET Core's
/// authorization middleware would, because inference must not pay for a policy evaluation's allocations on every
/// request; an endpoint's requirement is read from its metadata once. Thread-safe.
/// </remarks>
internal sealed class EndpointAuthorization(RequestDelegate next, AuthOptions options, DeniedRequests denials)
{
    private const string Missing = "Authentication is required: send an API key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.";

    /// <summary>What an endpoint states: everyone, or each stated policy's permissions (any one of which satisfies that policy); no policy means nobody.</summary>
    private sealed record Requirement(bool Anonymous, Permission[] AllOf);

    private readonly ConcurrentDictionary<Endpoint, Requirement> _requirements = new();

    /// <summary>Passes the request on, or answers it as denied.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint)
            return next(context);
        var requirement = _requirements.GetOrAdd(endpoint, RequirementOf);
        if (requirement.Anonymous || (options.Disabled && requirement.AllOf.Length > 0))
            return next(context);
        return Refusal(context, requirement.AllOf) is { } error ? denials.DenyAsync(context, error) : next(context);
    }

    private static Requirement RequirementOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            return new Requirement(true, []);
        var allOf = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(stated => CapstanPolicies.PermissionOf(stated.Policy)).ToArray();
        return new Requirement(false, allOf.Contains(Permission.None) ? [] : allOf);
    }

    private static Error? Refusal(HttpContext context, Permission[] allOf)
    {
        var caller = context.User;
        if (allOf.Length == 0)
            return Error.Forbidden("This endpoint states no permission, so nobody may call it.");
        if (caller.Identity?.IsAuthenticated != true)
            return context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure is { } failure
                ? failure is KeyStoreUnavailableException ? Error.NotReady(failure.Message) : Error.Unauthorized(failure.Message)
                : Error.Unauthorized(Missing);
        var granted = CallerPrincipal.PermissionsOf(caller);
        foreach (var needs in allOf)
            if ((granted & needs) == Permission.None)
                return Error.Forbidden($"The caller's role does not allow this ({Describe(needs)} needed).");
        if (Array.IndexOf(allOf, Permission.Admin) >= 0 && ModelGrants.IsNarrowed(caller))
            return Error.Forbidden("A key narrowed to models cannot manage keys or read the audit trail.");
        if (RouteModel(context) is { } model && !ModelGrants.Allows(caller, model))
            return Error.Forbidden($"The caller has no grant on model '{model}'.");
        return null;
    }

    private static string? RouteModel(HttpContext context)
    {
        var values = context.Request.RouteValues;
        if (values.TryGetValue("name", out var name) && name is string modelName)
            return modelName;
        if (values.TryGetValue("reference", out var reference) && reference is string text)
            return text.Split(':', '@')[0];
        return null;
    }

    private static string Describe(Permission needs) =>
        needs == (Permission.Read | Permission.Infer) ? "read or infer" : needs.ToString().ToLowerInvariant();
}
