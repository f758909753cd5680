using System.Net.Http.Headers;
using Capstan.Client.Http;
using Capstan.Client.Transfers;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;

namespace Capstan.Client;

/// <summary>The reference profile operations of the client.</summary>
public sealed partial class CapstanClient
{
    /// <summary>The media type a CSV data file is sent as.</summary>
    public const string CsvMediaType = "text/csv";

    /// <summary>The media type a Parquet data file is sent as.</summary>
    public const string ParquetMediaType = "application/vnd.apache.parquet";

    /// <summary>Profiles a version from its training data, a CSV or Parquet file streamed from disk, and stores the profile with it, replacing any it had.</summary>
    /// <remarks>
    /// The format is read from the file's extension (<c>.csv</c>, <c>.parquet</c>, <c>.pq</c>), or else from its first
    /// bytes (Parquet files start with <c>PAR1</c>). A model with one vector input takes the file's columns in order;
    /// a model with one input per column takes them by name.
    /// </remarks>
    /// <param name="reference">The version: <c>name:N</c>, <c>name@alias</c> or <c>name</c> (the latest).</param>
    /// <param name="dataPath">The data file.</param>
    /// <param name="progress">Receives the total bytes of the file sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<Result<ReferenceProfile>> SetProfileAsync(
        string reference, string dataPath, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(dataPath))
            return Error.InvalidInput($"The file '{dataPath}' does not exist.");
        await using var file = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var mediaType = await MediaTypeOfAsync(dataPath, file, cancellationToken);
        if (!(await ResolveNumberAsync(reference, cancellationToken)).TryGetValue(out var version, out var error))
            return error;
        return await SetProfileAsync(version.Name, version.Version, file, mediaType, progress, cancellationToken);
    }

    /// <summary>Profiles <paramref name="name"/>:<paramref name="version"/> from data read once from <paramref name="data"/> (not disposed), sent as <paramref name="mediaType"/>.</summary>
    /// <param name="name">The model.</param>
    /// <param name="version">The version number.</param>
    /// <param name="data">The data file's content.</param>
    /// <param name="mediaType"><see cref="CsvMediaType"/> or <see cref="ParquetMediaType"/>.</param>
    /// <param name="progress">Receives the total bytes sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public Task<Result<ReferenceProfile>> SetProfileAsync(
        string name, int version, Stream data, string mediaType, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<ReferenceProfile>(HttpMethod.Put, ProfilePath(n, version),
            new ProgressContent(data, progress) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } }, cancellationToken));

    /// <summary>Gets the reference profile stored with a version (<c>name:N</c>, <c>name@alias</c> or <c>name</c>).</summary>
    public async Task<Result<ReferenceProfile>> GetProfileAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (!(await ResolveNumberAsync(reference, cancellationToken)).TryGetValue(out var version, out var error))
            return error;
        return await SendAsync<ReferenceProfile>(HttpMethod.Get, ProfilePath(ModelName.Parse(version.Name).Value, version.Version), null, cancellationToken);
    }

    /// <summary>The model and number a reference names, asking the server only for an alias or the latest version.</summary>
    private async Task<Result<(string Name, int Version)>> ResolveNumberAsync(string reference, CancellationToken cancellationToken)
    {
        if (!ModelReference.Parse(reference).TryGetValue(out var parsed, out var error))
            return error;
        if (parsed.Version is { } number)
            return (parsed.Name.Value, number);
        return (await GetVersionAsync(parsed, cancellationToken)).Map(v => (v.Model, v.Version));
    }

    private static async Task<string> MediaTypeOfAsync(string path, FileStream file, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".csv")
            return CsvMediaType;
        if (extension is ".parquet" or ".pq")
            return ParquetMediaType;
        var head = new byte[4];
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        file.Position = 0;
        return read == 4 && head.AsSpan().SequenceEqual("PAR1"u8) ? ParquetMediaType : CsvMediaType;
    }

    private static string ProfilePath(ModelName name, int version) => $"{ModelPath(name)}/versions/{version}/profile";
}
