using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Monitoring.Profiles;
using Capstan.Registry.Stores;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Capstan.Server.Drift;

/// <summary>The routes of a version's reference profile: upload its training data (CSV or Parquet) to profile it, and read the profile back.</summary>
/// <remarks>
/// An upload is spooled to a temporary file (Parquet needs to seek) and bounded by <see cref="ProfileOptions.MaxUploadBytes"/>:
/// a declared length over it is refused at once, and an undeclared one as soon as it passes it. A file that cannot be
/// profiled is refused whole, with a 4xx problem that says why, and nothing is stored.
/// </remarks>
public static class ProfilesApi
{
    /// <summary>The media types a CSV upload may be sent as.</summary>
    private static readonly string[] CsvTypes = ["text/csv", "application/csv"];

    /// <summary>The media types a Parquet upload may be sent as; the first is the registered one.</summary>
    private static readonly string[] ParquetTypes = ["application/vnd.apache.parquet", "application/x-parquet", "application/parquet"];

    /// <summary>Maps <c>PUT</c> and <c>GET /api/v1/models/{name}/versions/{version}/profile</c>.</summary>
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        const string route = "/api/v1/models/{name}/versions/{version}/profile";
        app.MapPut(route, PutAsync).WithTags("Profiles").RequireAuthorization(CapstanPolicies.Write);
        app.MapGet(route, GetAsync).WithTags("Profiles").RequireAuthorization(CapstanPolicies.Read);
        return app;
    }

    private static async Task<Results<Ok<ReferenceProfile>, ProblemHttpResult>> PutAsync(
        string name, string version, HttpContext context, IRegistryStore store, ReferenceProfiler profiler, ProfileOptions options,
        CancellationToken cancellationToken)
    {
        if (!Parse(name, version).TryGetValue(out var reference, out var error)
            || !FormatOf(context.Request.ContentType).TryGetValue(out var format, out error))
            return Problem.From(error);
        var bodyLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (context.Request.ContentLength > options.MaxUploadBytes)
        {
            if (bodyLimit is not null)
                bodyLimit.MaxRequestBodySize = null;
            return Problem.From(TooLarge(options));
        }
        if (bodyLimit is not null)
            bodyLimit.MaxRequestBodySize = options.MaxUploadBytes + 1;
        if (!(await store.ResolveAsync(ModelReference.ToVersion(reference.Name, reference.Version), cancellationToken)).TryGetValue(out var info, out error))
            return Problem.From(error);
        var path = Path.Combine(Path.GetTempPath(), $"capstan-profile-{Guid.NewGuid():N}.upload");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        if (!await SpoolAsync(context.Request.Body, file, options.MaxUploadBytes, cancellationToken))
            return Problem.From(TooLarge(options));
        file.Position = 0;
        return Problem.Ok(await profiler.ProfileAsync(info, file, format, RequestActor.Of(context), cancellationToken));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(
        string name, string version, IRegistryStore store, CancellationToken cancellationToken)
    {
        if (!Parse(name, version).TryGetValue(out var reference, out var error)
            || !(await store.GetProfileAsync(reference.Name, reference.Version, cancellationToken)).TryGetValue(out var stored, out error))
            return Problem.From(error);
        return TypedResults.Content(stored.Profile, "application/json");
    }

    private static Result<(ModelName Name, int Version)> Parse(string name, string version) =>
        ModelName.Parse(name).Then(n => ModelReference.ParseVersion(version).Map(v => (n, v)));

    /// <summary>The file format a media type names.</summary>
    private static Result<TableFormat> FormatOf(string? contentType)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value ?? "" : "";
        if (CsvTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            return TableFormat.Csv;
        if (ParquetTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            return TableFormat.Parquet;
        return Error.InvalidInput(
            $"Send the data file as {CsvTypes[0]} (CSV with a header line) or {ParquetTypes[0]} (Parquet), not as '{NameRules.Printable(contentType ?? "no Content-Type")}'.");
    }

    /// <summary>Copies the body into <paramref name="file"/>; false as soon as it passes <paramref name="limit"/> bytes.</summary>
    private static async Task<bool> SpoolAsync(Stream body, Stream file, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
                return false;
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return true;
    }

    private static Error TooLarge(ProfileOptions options) =>
        Error.TooLarge($"The data file is larger than {options.MaxUploadBytes} bytes, the most a profile is made from (ProfileOptions:MaxUploadBytes).");
}
