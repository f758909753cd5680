using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Keys;

/// <summary>The control-plane routes that create, list and revoke API keys.</summary>
public static class KeysApi
{
    /// <summary>Maps the routes under <c>/api/v1/keys</c>.</summary>
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/keys").WithTags("Keys");
        api.MapPost("/", CreateKey).RequireAuthorization(CapstanPolicies.Admin);
        api.MapGet("/", ListKeys).RequireAuthorization(CapstanPolicies.Admin);
        api.MapDelete("/{id}", RevokeKey).RequireAuthorization(CapstanPolicies.Admin);
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateKey(
        IRegistryStore store, TimeProvider time, HttpContext context, ApiKeyRequest request, CancellationToken cancellationToken)
    {
        if (!ApiKeys.Create(request, time.GetUtcNow()).TryGetValue(out var created, out var error))
            return Problem.From(error);
        if (!(await store.CreateKeyAsync(created.Key, RequestActor.Of(context), cancellationToken)).TryGetValue(out var info, out error))
            return Problem.From(error);
        return TypedResults.Created($"/api/v1/keys/{info.Id}", new CreatedApiKey(info, created.Secret));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListKeys(IRegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListKeysAsync(cancellationToken));

    private static async Task<Results<Ok<ApiKeyInfo>, ProblemHttpResult>> RevokeKey(
        IRegistryStore store, ApiKeyValidator validator, HttpContext context, string id, CancellationToken cancellationToken)
    {
        if (!ApiKeys.IsId(id))
            return Problem.From(Error.InvalidInput($"The key id '{NameRules.Printable(id)}' is not {ApiKeys.IdLength} lowercase hex digits."));
        var revoked = await store.RevokeKeyAsync(id, RequestActor.Of(context), cancellationToken);
        validator.Forget(id);
        return Problem.Ok(revoked);
    }
}
