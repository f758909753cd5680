using Capstan.Core.Serving;
using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Writes the inference log as Parquet files, one folder per model, each batch a row group, each file published by an atomic rename when it rolls.</summary>
/// <remarks>
/// A model's open file is <c>.parquet.tmp</c> until it reaches <see cref="InferenceLogOptions.RollBytes"/> or
/// <see cref="InferenceLogOptions.RollInterval"/>; then its footer is written and it is renamed to its published name,
/// so readers, which read only <c>.parquet</c> files, never see half a file. Partial files left by a crash are removed
/// when the sink is created. Used by one background task at a time; not thread-safe.
/// </remarks>
public sealed class ParquetLogSink : IInferenceLogSink, IAsyncDisposable
{
    private readonly InferenceLogOptions _options;
    private readonly TimeProvider _time;
    private readonly TensorJson _json;
    private readonly Dictionary<string, OpenFile> _open = new(StringComparer.Ordinal);

    /// <summary>Creates the sink over <see cref="InferenceLogOptions.Directory"/>, removing partial files an earlier process left.</summary>
    public ParquetLogSink(InferenceLogOptions options, TimeProvider time)
    {
        (_options, _time) = (options, time);
        _json = new TensorJson(options.RedactedFields);
        if (Directory.Exists(options.Directory))
        {
            foreach (var partial in Directory.EnumerateFiles(options.Directory, "*" + LogFileNames.Partial, SearchOption.AllDirectories))
                File.Delete(partial);
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(IReadOnlyList<InferenceRecord> batch, CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < batch.Count)
        {
            var model = batch[start].Model;
            var end = start + 1;
            while (end < batch.Count && batch[end].Model == model)
                end++;
            await WriteRowGroupAsync(model, batch, start, end, cancellationToken);
            start = end;
        }
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
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var (model, file) in _open.ToList())
            await RollAsync(model, file);
    }

    /// <summary>Publishes every open file.</summary>
    public ValueTask DisposeAsync() => FlushAsync(CancellationToken.None);

    private async ValueTask WriteRowGroupAsync(string model, IReadOnlyList<InferenceRecord> batch, int start, int end, CancellationToken cancellationToken)
    {
        var columns = new LogColumns(end - start);
        for (var i = 0; i < end - start; i++)
        {
            var record = batch[start + i];
            columns.Times[i] = record.Time.UtcDateTime;
            columns.RequestIds[i] = record.Request.Id ?? Guid.NewGuid().ToString("N");
            columns.Models[i] = model;
            columns.Versions[i] = record.Response.ModelVersion;
            columns.Variants[i] = record.Variant;
            columns.LatenciesMs[i] = record.Latency.TotalMilliseconds;
            columns.Inputs[i] = _json.Encode(record.Request.Inputs);
            columns.Outputs[i] = _json.Encode(record.Response.Outputs);
        }
        var file = await OpenAsync(model, batch[start].Time, cancellationToken);
        await columns.WriteAsync(file.Writer, cancellationToken);
        file.Last = batch[end - 1].Time;
        if (file.Stream.Length >= _options.RollBytes)
            await RollAsync(model, file);
    }

    private async ValueTask<OpenFile> OpenAsync(string model, DateTimeOffset first, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(model, out var file))
            return file;
        var folder = Path.Combine(_options.Directory, model);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}{LogFileNames.Partial}");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
        var writer = await ParquetWriter.CreateAsync(LogSchema.Schema, stream, cancellationToken: cancellationToken);
        file = new OpenFile(path, stream, writer, _time.GetUtcNow()) { First = first, Last = first };
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

    /// <summary>A file being written; mutable.</summary>
    private sealed class OpenFile(string path, FileStream stream, ParquetWriter writer, DateTimeOffset opened)
    {
        public string Path { get; } = path;
        public FileStream Stream { get; } = stream;
        public ParquetWriter Writer { get; } = writer;
        public DateTimeOffset Opened { get; } = opened;
        public DateTimeOffset First { get; init; }
        public DateTimeOffset Last { get; set; }
    }
}
