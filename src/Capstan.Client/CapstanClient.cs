using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Capstan.Client.Http;
using Capstan.Client.Transfers;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Serialization;

namespace Capstan.Client;

/// <summary>A typed, asynchronous client for the Capstan control-plane REST API (<c>/api/v1</c>).</summary>
/// <remarks>
/// Every operation returns a <see cref="Result{T}"/>. Errors the server reports keep their <see cref="ErrorCode"/> and
/// message; a server that cannot be reached, or a connection that breaks, is <see cref="ErrorCode.NotReady"/> with a
/// message naming the server and the socket error; names and references are checked before any request is sent.
/// Cancelling the token throws <see cref="OperationCanceledException"/>. A client created from a base address has no
/// overall timeout, because transfers of large artifacts take long; cancel through the token instead.
/// Instances are safe to use concurrently.
/// </remarks>
public sealed partial class CapstanClient : IDisposable
{
    private const string Api = "api/v1";
    private const string UserHeader = "X-Capstan-User";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for the server at <paramref name="baseAddress"/>, with its own connection pool.</summary>
    public CapstanClient(Uri baseAddress)
        : this(new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan }, baseAddress, ownsHttp: true)
    {
    }

    /// <summary>Creates a client for the server at <paramref name="baseAddress"/>, such as <c>http://127.0.0.1:8080</c>.</summary>
    public CapstanClient(string baseAddress)
        : this(new Uri(baseAddress, UriKind.Absolute))
    {
    }

    /// <summary>Creates a client over <paramref name="httpClient"/>, which the caller keeps owning.</summary>
    /// <param name="httpClient">The client that sends the requests.</param>
    /// <param name="baseAddress">The server's address; when null, the <see cref="HttpClient.BaseAddress"/> of <paramref name="httpClient"/>.</param>
    public CapstanClient(HttpClient httpClient, Uri? baseAddress = null)
        : this(httpClient, baseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("The HttpClient has no BaseAddress and none was given.", nameof(httpClient)), ownsHttp: false)
    {
    }

    private CapstanClient(HttpClient httpClient, Uri baseAddress, bool ownsHttp)
    {
        if (!baseAddress.IsAbsoluteUri)
            throw new ArgumentException($"The base address '{baseAddress}' is not absolute.", nameof(baseAddress));
        _http = httpClient;
        _ownsHttp = ownsHttp;
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>The server's address, ending with '/'; API paths are resolved against it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Who uses the client, sent as <c>X-Capstan-User</c> so the server records who pushed a version or moved an alias.</summary>
    /// <remarks>A label, not a credential; a name with characters outside printable ASCII is not sent.</remarks>
    public string? User { get; init; }

    /// <summary>The API key sent as <c>Authorization: Bearer</c> on every request, or null to send none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Lists one page of models, ordered by name.</summary>
    /// <param name="prefix">Only models whose name starts with this.</param>
    /// <param name="tag">Only models with this tag, as <c>key</c> or <c>key=value</c>.</param>
    /// <param name="pageSize">The most models to return; the server's default when null.</param>
    /// <param name="pageToken">The token from the previous page, or null for the first.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<Page<ModelInfo>>> ListModelsAsync(
        string? prefix = null, string? tag = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<ModelInfo>>(HttpMethod.Get,
            $"{Api}/models{Query(("prefix", prefix), ("tag", tag), ("pageSize", pageSize?.ToString()), ("pageToken", pageToken))}",
            null, cancellationToken);

    /// <summary>Walks every page of models, ordered by name.</summary>
    /// <remarks>A failure is yielded as the last element.</remarks>
    /// <param name="prefix">Only models whose name starts with this.</param>
    /// <param name="tag">Only models with this tag, as <c>key</c> or <c>key=value</c>.</param>
    /// <param name="pageSize">How many models to fetch a request; the server's default when null.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public IAsyncEnumerable<Result<ModelInfo>> ListAllModelsAsync(
        string? prefix = null, string? tag = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        WalkAsync((token, ct) => ListModelsAsync(prefix, tag, pageSize, token, ct), cancellationToken);

    /// <summary>Gets a model.</summary>
    public Task<Result<ModelInfo>> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<ModelInfo>(HttpMethod.Get, ModelPath(n), null, cancellationToken));

    /// <summary>Changes a model's description or tags.</summary>
    public Task<Result<ModelInfo>> UpdateModelAsync(string name, ModelUpdate update, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<ModelInfo>(HttpMethod.Patch, ModelPath(n), Json(update), cancellationToken));

    /// <summary>Pushes a new version of a model from a file, streamed from disk.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="filePath">The ONNX model or ML.NET zip.</param>
    /// <param name="metadata">Metrics, parameters, tags, lineage and the rest; empty when null.</param>
    /// <param name="progress">Receives the total bytes of the file sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<Result<ModelVersionInfo>> PushAsync(
        string name, string filePath, PushMetadata? metadata = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(filePath))
            return Error.InvalidInput($"The file '{filePath}' does not exist.");
        await using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await PushAsync(name, file, Path.GetFileName(filePath), metadata, progress, cancellationToken);
    }

    /// <summary>Pushes a new version of a model from a stream, which is read once from its current position and not disposed.</summary>
    /// <remarks>
    /// A stream that cannot seek has no known length, so it is sent chunked; a server that cuts such an upload off at
    /// its size limit closes the connection, which gives <see cref="ErrorCode.NotReady"/> rather than
    /// <see cref="ErrorCode.TooLarge"/>.
    /// </remarks>
    /// <param name="name">The model name.</param>
    /// <param name="artifact">The ONNX model or ML.NET zip.</param>
    /// <param name="fileName">The file name to send with the artifact; the server detects the format from the content.</param>
    /// <param name="metadata">Metrics, parameters, tags, lineage and the rest; empty when null.</param>
    /// <param name="progress">Receives the total bytes of the artifact sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public Task<Result<ModelVersionInfo>> PushAsync(
        string name, Stream artifact, string fileName, PushMetadata? metadata = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n =>
        {
            var form = new MultipartFormDataContent
            {
                { Json(metadata ?? new PushMetadata()), "metadata" },
                { new ProgressContent(artifact, progress) { Headers = { ContentType = new("application/octet-stream") } }, "artifact", fileName },
            };
            return SendAsync<ModelVersionInfo>(HttpMethod.Post, $"{ModelPath(n)}/versions", form, cancellationToken);
        });

    /// <summary>Lists one page of a model's versions, newest first.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="includeArchived">Whether archived versions are listed too.</param>
    /// <param name="pageSize">The most versions to return; the server's default when null.</param>
    /// <param name="pageToken">The token from the previous page, or null for the first.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<Page<ModelVersionInfo>>> ListVersionsAsync(
        string name, bool includeArchived = false, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Page<ModelVersionInfo>>(HttpMethod.Get,
            $"{ModelPath(n)}/versions{Query(("includeArchived", includeArchived ? "true" : null), ("pageSize", pageSize?.ToString()), ("pageToken", pageToken))}",
            null, cancellationToken));

    /// <summary>Walks every page of a model's versions, newest first.</summary>
    /// <remarks>A failure is yielded as the last element.</remarks>
    /// <param name="name">The model name.</param>
    /// <param name="includeArchived">Whether archived versions are listed too.</param>
    /// <param name="pageSize">How many versions to fetch a request; the server's default when null.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public IAsyncEnumerable<Result<ModelVersionInfo>> ListAllVersionsAsync(
        string name, bool includeArchived = false, int? pageSize = null, CancellationToken cancellationToken = default) =>
        WalkAsync((token, ct) => ListVersionsAsync(name, includeArchived, pageSize, token, ct), cancellationToken);

    /// <summary>Gets the version a reference resolves to.</summary>
    public Task<Result<ModelVersionInfo>> GetVersionAsync(ModelReference reference, CancellationToken cancellationToken = default) =>
        SendAsync<ModelVersionInfo>(HttpMethod.Get, VersionPath(reference), null, cancellationToken);

    /// <summary>Gets the version a reference (<c>name</c>, <c>name:N</c> or <c>name@alias</c>) resolves to.</summary>
    public Task<Result<ModelVersionInfo>> GetVersionAsync(string reference, CancellationToken cancellationToken = default) =>
        ModelReference.Parse(reference).ThenAsync(r => GetVersionAsync(r, cancellationToken));

    /// <summary>Archives a version: it leaves listings and "latest", but still resolves by number.</summary>
    public Task<Result<ModelVersionInfo>> ArchiveAsync(ModelReference reference, CancellationToken cancellationToken = default) =>
        SendAsync<ModelVersionInfo>(HttpMethod.Post, $"{VersionPath(reference)}/archive", null, cancellationToken);

    /// <summary>Archives the version a reference resolves to.</summary>
    public Task<Result<ModelVersionInfo>> ArchiveAsync(string reference, CancellationToken cancellationToken = default) =>
        ModelReference.Parse(reference).ThenAsync(r => ArchiveAsync(r, cancellationToken));

    /// <summary>Brings an archived version back into listings.</summary>
    public Task<Result<ModelVersionInfo>> UnarchiveAsync(ModelReference reference, CancellationToken cancellationToken = default) =>
        SendAsync<ModelVersionInfo>(HttpMethod.Post, $"{VersionPath(reference)}/unarchive", null, cancellationToken);

    /// <summary>Brings the archived version a reference resolves to back into listings.</summary>
    public Task<Result<ModelVersionInfo>> UnarchiveAsync(string reference, CancellationToken cancellationToken = default) =>
        ModelReference.Parse(reference).ThenAsync(r => UnarchiveAsync(r, cancellationToken));

    /// <summary>Deletes a numbered version and its artifact, returning it as it was.</summary>
    /// <remarks>Only <c>name:N</c> is accepted, so a moving alias never deletes an unintended version.</remarks>
    public Task<Result<ModelVersionInfo>> DeleteVersionAsync(ModelReference reference, CancellationToken cancellationToken = default) =>
        reference.Version is null
            ? Task.FromResult<Result<ModelVersionInfo>>(Error.InvalidInput($"Deleting needs an exact version such as '{reference.Name}:3', not '{reference}'."))
            : SendAsync<ModelVersionInfo>(HttpMethod.Delete, VersionPath(reference), null, cancellationToken);

    /// <summary>Deletes the version <c>name:N</c>, returning it as it was.</summary>
    public Task<Result<ModelVersionInfo>> DeleteVersionAsync(string reference, CancellationToken cancellationToken = default) =>
        ModelReference.Parse(reference).ThenAsync(r => DeleteVersionAsync(r, cancellationToken));

    /// <summary>Points an alias at a version, creating or moving it.</summary>
    public Task<Result<AliasInfo>> SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default) =>
        AliasPath(name, alias).ThenAsync(path => SendAsync<AliasInfo>(HttpMethod.Put, path, Json(new AliasTarget(version)), cancellationToken));

    /// <summary>Removes an alias, returning it as it was.</summary>
    public Task<Result<AliasInfo>> RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        AliasPath(name, alias).ThenAsync(path => SendAsync<AliasInfo>(HttpMethod.Delete, path, null, cancellationToken));

    /// <summary>Lists a model's aliases.</summary>
    public Task<Result<IReadOnlyList<AliasInfo>>> ListAliasesAsync(string name, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<IReadOnlyList<AliasInfo>>(HttpMethod.Get, $"{ModelPath(n)}/aliases", null, cancellationToken));

    /// <summary>Lists every move of an alias, oldest first.</summary>
    public Task<Result<IReadOnlyList<AliasChange>>> GetAliasHistoryAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        AliasPath(name, alias).ThenAsync(path => SendAsync<IReadOnlyList<AliasChange>>(HttpMethod.Get, $"{path}/history", null, cancellationToken));

    /// <summary>Downloads an artifact to a stream, verifying its SHA-256 against the server's <c>Repr-Digest</c> header.</summary>
    /// <remarks>The bytes are written as they arrive; when the result is a failure, the caller must discard what was written.</remarks>
    /// <param name="reference">The version to download.</param>
    /// <param name="destination">Where the bytes go; not disposed.</param>
    /// <param name="progress">Receives the total bytes received so far.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task<Result<DownloadedArtifact>> DownloadAsync(
        ModelReference reference, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Get, $"{VersionPath(reference)}/artifact", null);
        return await ExchangeAsync(request, (response, ct) => ArtifactReceiver.ReceiveAsync(response, destination, progress, ct), cancellationToken);
    }

    /// <summary>Downloads the artifact a reference resolves to into a stream, verifying its digest.</summary>
    public Task<Result<DownloadedArtifact>> DownloadAsync(
        string reference, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        ModelReference.Parse(reference).ThenAsync(r => DownloadAsync(r, destination, progress, cancellationToken));

    /// <summary>Downloads an artifact to a file, which appears (replacing any file there) only when its digest matches.</summary>
    /// <remarks>
    /// The bytes go to a temporary file beside <paramref name="path"/> that is renamed into place after verification;
    /// on a mismatch, a failure or cancellation it is deleted, so a partial or tampered file is never left behind.
    /// </remarks>
    /// <param name="reference">The version to download.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="progress">Receives the total bytes received so far.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task<Result<DownloadedArtifact>> DownloadToFileAsync(
        ModelReference reference, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            Result<DownloadedArtifact> result;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                result = await DownloadAsync(reference, file, progress, cancellationToken);
            if (!result.TryGetValue(out var artifact, out var error))
                return error;
            File.Move(temporary, target, overwrite: true);
            return artifact with { Path = target };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.InvalidInput($"Cannot write '{path}': {e.Message}");
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>Downloads the artifact a reference resolves to into a file, which appears only when its digest matches.</summary>
    public Task<Result<DownloadedArtifact>> DownloadToFileAsync(
        string reference, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        ModelReference.Parse(reference).ThenAsync(r => DownloadToFileAsync(r, path, progress, cancellationToken));

    /// <summary>Disposes the connection pool when the client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }

    private async Task<Result<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, path, content);
        return await ExchangeAsync(request, ReadJsonAsync<T>, cancellationToken);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, path)) { Content = content };
        if (User is { Length: > 0 } user && user.All(c => c is >= ' ' and <= '~'))
            request.Headers.Add(UserHeader, user);
        if (ApiKey is { Length: > 0 } key)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private async Task<Result<T>> ExchangeAsync<T>(
        HttpRequestMessage request, Func<HttpResponseMessage, CancellationToken, Task<Result<T>>> onSuccess, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? await onSuccess(response, cancellationToken)
                : await ApiErrors.FromResponseAsync(response, cancellationToken);
        }
        catch (Exception e) when (ApiErrors.IsTransportFailure(e, cancellationToken))
        {
            return ApiErrors.Unreachable(BaseAddress, e);
        }
    }

    private static async Task<Result<T>> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(CapstanJson.Options, cancellationToken);
            return value is null ? ApiErrors.UnexpectedBody(typeof(T).Name, "it is empty or null") : value;
        }
        catch (JsonException e)
        {
            return ApiErrors.UnexpectedBody(typeof(T).Name, e.Message);
        }
    }

    private static async IAsyncEnumerable<Result<T>> WalkAsync<T>(
        Func<string?, CancellationToken, Task<Result<Page<T>>>> fetch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var result = await fetch(token, cancellationToken);
            if (!result.TryGetValue(out var page, out var error))
            {
                yield return error;
                yield break;
            }
            foreach (var item in page.Items)
                yield return item;
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    private static StringContent Json<T>(T value) =>
        new(JsonSerializer.Serialize(value, CapstanJson.Options), Encoding.UTF8, "application/json");

    private static string ModelPath(ModelName name) => $"{Api}/models/{Uri.EscapeDataString(name.Value)}";

    private static string VersionPath(ModelReference reference) => $"{Api}/versions/{Uri.EscapeDataString(reference.ToString())}";

    private static Result<string> AliasPath(string name, string alias) =>
        ModelName.Parse(name).Then(n => AliasName.Parse(alias).Map(a => $"{ModelPath(n)}/aliases/{Uri.EscapeDataString(a.Value)}"));

    private static string Query(params ReadOnlySpan<(string Key, string? Value)> parameters)
    {
        var parts = new List<string>();
        foreach (var (key, value) in parameters)
        {
            if (value is not null)
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
