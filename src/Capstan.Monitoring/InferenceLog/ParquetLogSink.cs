using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Writes the inference log as Parquet files, one folder per model, one row group per <see cref="InferenceLogBatch"/>, each file published by an atomic rename when it rolls.</summary>
/// <remarks>
/// A model's open file is <c>.parquet.tmp</c> until it reaches <see cref="InferenceLogOptions.RollBytes"/> or is
/// <see cref="InferenceLogOptions.RollInterval"/> old, counted from when the log took its first request; then its footer
/// is written and it is renamed to its published name, which carries the times of its earliest and latest requests, so
/// readers, which read only <c>.parquet</c> files, never see half a file. Partial files left by a crash are removed when
/// the sink is created. Published files past the retention or the byte limit are deleted then and at most once per
/// <see cref="InferenceLogOptions.RollInterval"/> after (<see cref="LogRetention"/>). Used by one background task at a
/// time; not thread-safe.
/// </remarks>
public sealed class ParquetLogSink : IInferenceLogSink, IAsyncDisposable
{
    private readonly InferenceLogOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OpenFile> _open = new(StringComparer.Ordinal);
    private DateTimeOffset _lastRetentionPass;

    /// <summary>Creates the sink over <see cref="InferenceLogOptions.Directory"/>, removing partial files an earlier process left and files past retention.</summary>
    public ParquetLogSink(InferenceLogOptions options, TimeProvider time)
    {
        (_options, _time) = (options, time);
        if (Directory.Exists(options.Directory))
        {
            foreach (var partial in Directory.EnumerateFiles(options.Directory, "*" + LogFileNames.Partial, SearchOption.AllDirectories))
                File.Delete(partial);
        }
        _lastRetentionPass = time.GetUtcNow();
        LogRetention.Apply(options, _lastRetentionPass);
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(InferenceLogBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
            return;
        var file = await OpenAsync(batch.Model, batch.Opened, cancellationToken);
        await batch.WriteAsync(file.Writer, cancellationToken);
        if (batch.Earliest < file.First)
            file.First = batch.Earliest;
        if (batch.Latest > file.Last)
            file.Last = batch.Latest;
        if (file.Stream.Length >= _options.RollBytes)
            await RollAsync(batch.Model, file);
    }

    /// <inheritdoc />
    public async ValueTask RollDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var (model, file) in _open.ToList())
        {
            if (now - file.Opened >= _options.RollInterval || file.Stream.Length >= _options.RollBytes)
                await RollAsync(model, file);
        }
        if (now - _lastRetentionPass >= _options.RollInterval)
        {
            _lastRetentionPass = now;
            LogRetention.Apply(_options, now);
        }
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var (model, file) in _open.ToList())
            await RollAsync(model, file);
    }

    /// <summary>Publishes every open file.</summary>
    public ValueTask DisposeAsync() => FlushAsync(CancellationToken.None);

    private async ValueTask<OpenFile> OpenAsync(string model, DateTimeOffset opened, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(model, out var file))
            return file;
        var folder = Path.Combine(_options.Directory, model);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}{LogFileNames.Partial}");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
        var writer = await ParquetWriter.CreateAsync(LogSchema.Schema, stream, cancellationToken: cancellationToken);
        file = new OpenFile(path, stream, writer, opened);
        _open[model] = file;
        return file;
    }

    private async ValueTask RollAsync(string model, OpenFile file)
    {
        _open.Remove(model);
        await file.Writer.DisposeAsync();
        await file.Stream.FlushAsync();
        file.Stream.Flush(flushToDisk: true);
        await file.Stream.DisposeAsync();
        File.Move(file.Path, Path.Combine(Path.GetDirectoryName(file.Path)!, LogFileNames.Of(file.First, file.Last)));
    }

    /// <summary>A file being written and the times of its earliest and latest requests; mutable.</summary>
    private sealed class OpenFile(string path, FileStream stream, ParquetWriter writer, DateTimeOffset opened)
    {
        public string Path { get; } = path;
        public FileStream Stream { get; } = stream;
        public ParquetWriter Writer { get; } = writer;
        public DateTimeOffset Opened { get; } = opened;
        public DateTimeOffset First { get; set; } = DateTimeOffset.MaxValue;
        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
    }
}
