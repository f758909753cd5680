using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Serialization;
using Capstan.Registry.Service;
using Capstan.Server.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Capstan.Server.Registry;

/// <summary>Receives a push: a multipart body with a <c>metadata</c> JSON part followed by the <c>artifact</c> part.</summary>
/// <remarks>
/// The name and the metadata are checked before a byte of the artifact is read, and the artifact is streamed to the
/// artifact store's staging area, never buffered in memory. A declared length over the limit is refused at once, and the
/// server drains the unread body (for a few seconds at most) so that the client reads the 413 rather than a reset;
/// an undeclared (chunked) body is cut off as soon as it passes the limit.
/// </remarks>
public static class PushEndpoint
{
    /// <summary>The most bytes accepted for the metadata part and the multipart framing.</summary>
    public const int MaxMetadataBytes = 2 * 1024 * 1024;

    /// <summary>Handles <c>POST /api/v1/models/{name}/versions</c>.</summary>
    public static async Task<Results<Created<ModelVersionInfo>, ProblemHttpResult>> PushAsync(
        string name, HttpContext context, RegistryService registry, IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out _, out var error))
            return Problem.From(error);
        var maxBody = options.Value.MaxArtifactBytes + MaxMetadataBytes;
        var bodyLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (context.Request.ContentLength > maxBody)
        {
            if (bodyLimit is not null)
                bodyLimit.MaxRequestBodySize = null;
            return Problem.From(Error.TooLarge($"The upload is {context.Request.ContentLength} bytes; artifacts are limited to {options.Value.MaxArtifactBytes} bytes."));
        }
        if (bodyLimit is not null)
            bodyLimit.MaxRequestBodySize = maxBody;
        if (!TryGetBoundary(context.Request.ContentType, out var boundary))
            return Problem.From(Error.InvalidInput("A push must be multipart/form-data with a 'metadata' part followed by an 'artifact' part."));

        var reader = new MultipartReader(boundary, context.Request.Body);
        if (!(await ReadPartAsync(reader, "metadata", cancellationToken)).TryGetValue(out var metadataPart, out error))
            return Problem.From(error);
        if (!(await ReadMetadataAsync(metadataPart.Body, cancellationToken)).TryGetValue(out var metadata, out error))
            return Problem.From(error);
        if (!PushRules.Check(name, metadata).TryGetValue(out var request, out error))
            return Problem.From(error);
        var actor = RequestActor.Of(context);
        request = request with
        {
            PushedBy = RequestActor.IsAuthenticated(context) || metadata.PushedBy is null ? actor : actor with { Name = request.PushedBy.Name },
        };
        if (!(await ReadPartAsync(reader, "artifact", cancellationToken)).TryGetValue(out var artifactPart, out error))
            return Problem.From(error);

        if (!(await registry.PushAsync(request, artifactPart.Body, cancellationToken)).TryGetValue(out var version, out error))
            return Problem.From(error);
        return TypedResults.Created($"/api/v1/versions/{Uri.EscapeDataString(version.Reference)}", version);
    }

    private static bool TryGetBoundary(string? contentType, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return false;
        boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? "";
        return boundary.Length is > 0 and <= 70;
    }

    private static async Task<Result<MultipartSection>> ReadPartAsync(MultipartReader reader, string expected, CancellationToken cancellationToken)
    {
        MultipartSection? section;
        try
        {
            section = await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return Error.InvalidInput($"The multipart body is malformed: {e.Message}");
        }
        if (section is null)
            return Error.InvalidInput($"The push has no '{expected}' part; send 'metadata' then 'artifact'.");
        var disposition = section.GetContentDispositionHeader();
        var actual = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value;
        return actual == expected
            ? section
            : Error.InvalidInput($"Expected the '{expected}' part but found '{NameRules.Printable(actual ?? "")}'; send 'metadata' then 'artifact'.");
    }

    private static async Task<Result<PushMetadata>> ReadMetadataAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxMetadataBytes)
                return Error.TooLarge($"The metadata part is larger than {MaxMetadataBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return new PushMetadata();
        try
        {
            return JsonSerializer.Deserialize<PushMetadata>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), CapstanJson.Options) ?? new PushMetadata();
        }
        catch (JsonException e)
        {
            return Error.InvalidInput($"The metadata part is not valid JSON: {e.Message}");
        }
    }
}
