using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Registry.Service;
using Capstan.Server.Problems;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Capstan.Server.Registry;

/// <summary>The control-plane routes for one version, named by any reference (<c>name:3</c>, <c>name@alias</c>, <c>name</c>).</summary>
public static class VersionsApi
{
    /// <summary>Maps the routes under <c>/api/v1/versions/{reference}</c>.</summary>
    public static IEndpointRouteBuilder MapVersionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/versions/{reference}").WithTags("Versions");
        api.MapGet("/", GetVersion).RequireAuthorization(CapstanPolicies.Read);
        api.MapGet("/artifact", DownloadArtifact).RequireAuthorization(CapstanPolicies.Read);
        api.MapPost("/archive", Archive).RequireAuthorization(CapstanPolicies.Write);
        api.MapPost("/unarchive", Unarchive).RequireAuthorization(CapstanPolicies.Write);
        api.MapDelete("/", DeleteVersion).RequireAuthorization(CapstanPolicies.Write);
        return app;
    }

    private static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> GetVersion(
        RegistryService registry, string reference, CancellationToken cancellationToken) =>
        Problem.Ok(await registry.ResolveAsync(reference, cancellationToken));

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadArtifact(
        RegistryService registry, HttpContext context, string reference, CancellationToken cancellationToken)
    {
        if (!(await registry.OpenArtifactAsync(reference, cancellationToken)).TryGetValue(out var opened, out var error))
            return Problem.From(error);
        var (version, content) = opened;
        var headers = context.Response.Headers;
        headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(version.Sha256))}:";
        headers[VersionHeader.Name] = version.Reference;
        var extension = version.Format == ModelFormat.Onnx ? "onnx" : "zip";
        return TypedResults.Stream(content, "application/octet-stream", $"{version.Model}-{version.Version}.{extension}",
            entityTag: new EntityTagHeaderValue($"\"{version.Sha256}\""), enableRangeProcessing: true);
    }

    private static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> Archive(
        RegistryService registry, HttpContext context, string reference, CancellationToken cancellationToken) =>
        Problem.Ok(await registry.SetArchivedAsync(reference, archived: true, RequestActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> Unarchive(
        RegistryService registry, HttpContext context, string reference, CancellationToken cancellationToken) =>
        Problem.Ok(await registry.SetArchivedAsync(reference, archived: false, RequestActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> DeleteVersion(
        RegistryService registry, HttpContext context, string reference, CancellationToken cancellationToken) =>
        Problem.Ok(await registry.DeleteAsync(reference, RequestActor.Of(context), cancellationToken));
}
