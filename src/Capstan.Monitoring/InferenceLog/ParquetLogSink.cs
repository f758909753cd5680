using Capstan.Core.Serving;
using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Writes the inference log as Parquet files, one folder per model, row groups of up to <see cref="InferenceLogOptions.BatchSize"/> requests, each file published by an atomic rename when it rolls.</summary>
/// <remarks>
/// A model's open file is <c>.parquet.tmp</c> until it reaches <see cref="InferenceLogOptions.RollBytes"/> or
/// <see cref="InferenceLogOptions.RollInterval"/>; then its footer is written and it is renamed to its published name,
/// so readers, which read only <c>.parquet</c> files, never see half a file. Rows are buffered, already encoded, until a
/// row group fills or the file rolls, so a slow trickle of requests still makes few large row groups. Partial files left by a crash are removed
/// when the sink is created. Used by one background task at a time; not thread-safe.
/// </remarks>
public sealed class ParquetLogSink : IInferenceLogSink, IAsyncDisposable
{
    private readonly InferenceLogOptions _options;
    private readonly TimeProvider _time;
    private const int RowOverhead = 64;
    private readonly TensorBinary _binary;
    private readonly Dictionary<string, OpenFile> _open = new(StringComparer.Ordinal);

    /// <summary>Creates the sink over <see cref="InferenceLogOptions.Directory"/>, removing partial files an earlier process left.</summary>
    public ParquetLogSink(InferenceLogOptions options, TimeProvider time)
    {
        (_options, _time) = (options, time);
        _binary = new TensorBinary(options.RedactedFields);
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
            await AppendAsync(model, batch, start, end, cancellationToken);
            start = end;
        }
    }

    /// <inheritdoc />
    public async ValueTask RollDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var (model, file) in _open.ToList())
        {
            if (now - file.Opened >= _options.RollInterval || file.Stream.Length + file.PendingBytes >= _options.RollBytes)
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

    private async ValueTask AppendAsync(string model, IReadOnlyList<InferenceRecord> batch, int start, int end, CancellationToken cancellationToken)
    {
        var file = await OpenAsync(model, batch[start].Time, cancellationToken);
        var rows = file.Pending;
        for (var i = start; i < end; i++)
        {
            var record = batch[i];
            var row = rows.Count++;
            rows.Times[row] = record.Time.UtcDateTime;
            rows.RequestIds[row] = record.Request.Id ?? Guid.NewGuid().ToString("N");
            rows.Models[row] = model;
            rows.Versions[row] = record.Response.ModelVersion;
            rows.Variants[row] = record.Variant;
            rows.LatenciesMs[row] = record.Latency.TotalMilliseconds;
            rows.Inputs[row] = _binary.Encode(record.Request.Inputs);
            rows.Outputs[row] = _binary.Encode(record.Response.Outputs);
            file.PendingBytes += RowOverhead + rows.Inputs[row].Length + rows.Outputs[row].Length;
            file.Last = record.Time;
            if (rows.IsFull || file.Stream.Length + file.PendingBytes >= _options.RollBytes)
                await file.WritePendingAsync(cancellationToken);
        }
        if (file.Stream.Length + file.PendingBytes >= _options.RollBytes)
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
        file = new OpenFile(path, stream, writer, _time.GetUtcNow(), new LogColumns(_options.BatchSize)) { First = first, Last = first };
        _open[model] = file;
        return file;
    }

    private async ValueTask RollAsync(string model, OpenFile file)
    {
        _open.Remove(model);
        await file.WritePendingAsync(CancellationToken.None);
        await file.Writer.DisposeAsync();
        await file.Stream.FlushAsync();
        file.Stream.Flush(flushToDisk: true);
        await file.Stream.DisposeAsync();
        File.Move(file.Path, Path.Combine(Path.GetDirectoryName(file.Path)!, LogFileNames.Of(file.First, file.Last)));
    }

    /// <summary>A file being written, with the rows buffered for its next row group; mutable.</summary>
    private sealed class OpenFile(string path, FileStream stream, ParquetWriter writer, DateTimeOffset opened, LogColumns pending)
    {
        public string Path { get; } = path;
        public FileStream Stream { get; } = stream;
        public ParquetWriter Writer { get; } = writer;
        public DateTimeOffset Opened { get; } = opened;
        public DateTimeOffset First { get; init; }
        public DateTimeOffset Last { get; set; }
        public LogColumns Pending { get; } = pending;
        public long PendingBytes { get; set; }

        /// <summary>Writes the buffered rows as one row group, if there are any.</summary>
        public async ValueTask WritePendingAsync(CancellationToken cancellationToken)
        {
            if (Pending.Count == 0)
                return;
            await Pending.WriteAsync(Writer, cancellationToken);
            PendingBytes = 0;
        }
    }
}
