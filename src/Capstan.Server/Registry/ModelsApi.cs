using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Registry.Service;
using Capstan.Registry.Stores;
using Capstan.Server.Problems;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Registry;

/// <summary>The control-plane routes for models, their version listings and their aliases.</summary>
public static class ModelsApi
{
    /// <summary>Maps the routes under <c>/api/v1/models</c>.</summary>
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/models").WithTags("Models");
        api.MapGet("/", ListModels).RequireAuthorization(CapstanPolicies.Read);
        api.MapGet("/{name}", GetModel).RequireAuthorization(CapstanPolicies.Read);
        api.MapPatch("/{name}", UpdateModel).RequireAuthorization(CapstanPolicies.Write);
        api.MapGet("/{name}/versions", ListVersions).RequireAuthorization(CapstanPolicies.Read);
        api.MapPost("/{name}/versions", PushEndpoint.PushAsync).DisableAntiforgery().RequireAuthorization(CapstanPolicies.Write);
        api.MapGet("/{name}/aliases", ListAliases).RequireAuthorization(CapstanPolicies.Read);
        api.MapPut("/{name}/aliases/{alias}", SetAlias).RequireAuthorization(CapstanPolicies.Write);
        api.MapDelete("/{name}/aliases/{alias}", RemoveAlias).RequireAuthorization(CapstanPolicies.Write);
        api.MapGet("/{name}/aliases/{alias}/history", GetAliasHistory).RequireAuthorization(CapstanPolicies.Read);
        return app;
    }

    private static async Task<Results<Ok<Page<ModelInfo>>, ProblemHttpResult>> ListModels(
        RegistryService registry, HttpContext context, string? prefix, string? tag, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        (string Key, string? Value)? tagFilter = null;
        if (!string.IsNullOrEmpty(tag))
        {
            var equals = tag.IndexOf('=');
            tagFilter = equals < 0 ? (tag, null) : (tag[..equals], tag[(equals + 1)..]);
        }
        var query = new ModelQuery(prefix, tagFilter, pageSize ?? 100, pageToken);
        var page = await registry.Store.ListModelsAsync(query, cancellationToken);
        return Problem.Ok(page.TryGetValue(out var models, out _)
            ? models with { Items = ModelGrants.Filter(context.User, models.Items, m => m.Name) }
            : page);
    }

    private static async Task<Results<Ok<ModelInfo>, ProblemHttpResult>> GetModel(
        RegistryService registry, string name, CancellationToken cancellationToken) =>
        Problem.Ok(await WithName(name, n => registry.Store.GetModelAsync(n, cancellationToken)));

    private static async Task<Results<Ok<ModelInfo>, ProblemHttpResult>> UpdateModel(
        RegistryService registry, HttpContext context, string name, ModelUpdate update, CancellationToken cancellationToken)
    {
        if ((PushRules.CheckText(update.Description, "description", PushRules.MaxDescriptionLength, multiline: true)
             ?? PushRules.CheckTags(update.Tags)) is { } problem)
            return Problem.From(problem);
        return Problem.Ok(await WithName(name, n => registry.Store.UpdateModelAsync(n, update, RequestActor.Of(context), cancellationToken)));
    }

    private static async Task<Results<Ok<Page<ModelVersionInfo>>, ProblemHttpResult>> ListVersions(
        RegistryService registry, string name, bool? includeArchived, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var query = new VersionQuery(includeArchived ?? false, pageSize ?? 100, pageToken);
        return Problem.Ok(await WithName(name, n => registry.Store.ListVersionsAsync(n, query, cancellationToken)));
    }

    private static async Task<Results<Ok<IReadOnlyList<AliasInfo>>, ProblemHttpResult>> ListAliases(
        RegistryService registry, string name, CancellationToken cancellationToken) =>
        Problem.Ok(await WithName(name, n => registry.Store.ListAliasesAsync(n, cancellationToken)));

    private static async Task<Results<Ok<AliasInfo>, ProblemHttpResult>> SetAlias(
        RegistryService registry, HttpContext context, string name, string alias, AliasTarget target, CancellationToken cancellationToken) =>
        Problem.Ok(await registry.SetAliasAsync(name, alias, target.Version, RequestActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<AliasInfo>, ProblemHttpResult>> RemoveAlias(
        RegistryService registry, HttpContext context, string name, string alias, CancellationToken cancellationToken) =>
        Problem.Ok(await registry.RemoveAliasAsync(name, alias, RequestActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<AliasChange>>, ProblemHttpResult>> GetAliasHistory(
        RegistryService registry, string name, string alias, CancellationToken cancellationToken) =>
        Problem.Ok(await registry.GetAliasHistoryAsync(name, alias, cancellationToken));

    private static async Task<Result<T>> WithName<T>(string name, Func<ModelName, Task<Result<T>>> action) =>
        ModelName.Parse(name).TryGetValue(out var modelName, out var error) ? await action(modelName) : error;
}
