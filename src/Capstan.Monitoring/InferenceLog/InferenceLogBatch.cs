using Capstan.Core.Serving;
using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Answered requests of one model as the inference log holds them between the request threads and its sink, in arrival order; written as one Parquet row group.</summary>
/// <remarks>
/// A mutable, reused buffer: times, latencies, versions and variants are columns, request ids are characters in one
/// array and tensors are bytes in the <see cref="TensorBinary"/> layout in another, so that recording a request is a
/// copy into arrays the log already owns rather than a set of objects kept alive until they are written. The
/// <see cref="InferenceLogWriter"/> fills a batch under its own lock and hands it to the sink only once no request
/// thread can touch it; not thread-safe.
/// </remarks>
public sealed class InferenceLogBatch
{
    private const int InitialRows = 64;
    private readonly int _maxRows;
    private DateTime[] _times = new DateTime[InitialRows];
    private double[] _latenciesMs = new double[InitialRows];
    private string[] _versions = new string[InitialRows];
    private string[] _variants = new string[InitialRows];
    private int[] _idStarts = new int[InitialRows];
    private int[] _inputStarts = new int[InitialRows];
    private int[] _outputStarts = new int[InitialRows];
    private char[] _ids = new char[InitialRows * 32];
    private byte[] _tensors = new byte[InitialRows * 256];
    private ulong _idPrefix;
    private int _idsUsed;
    private int _tensorsUsed;
    private ReadOnlyMemory<char>?[] _text = [];
    private ReadOnlyMemory<byte>?[] _binary = [];

    /// <summary>Creates an empty batch that takes up to <paramref name="maxRows"/> requests.</summary>
    internal InferenceLogBatch(int maxRows) => _maxRows = maxRows;

    /// <summary>The most bytes of tensors a batch takes before it is written, so that one row group stays a few MiB.</summary>
    internal const int MaxTensorBytes = 4 * 1024 * 1024;

    /// <summary>The serving name of every request in the batch.</summary>
    public string Model { get; private set; } = "";

    /// <summary>How many requests the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>When the log took the batch's first request, by the log's clock; a file is as old as its first batch.</summary>
    public DateTimeOffset Opened { get; private set; }

    /// <summary>The earliest answer time in the batch.</summary>
    public DateTimeOffset Earliest { get; private set; }

    /// <summary>The latest answer time in the batch.</summary>
    public DateTimeOffset Latest { get; private set; }

    /// <summary>Copies <paramref name="records"/>, all of one model, into a new batch opened at <paramref name="opened"/>, redacted as <paramref name="options"/> say: for tools that write a log through a sink directly.</summary>
    public static InferenceLogBatch Of(IReadOnlyList<InferenceRecord> records, InferenceLogOptions options, DateTimeOffset opened)
    {
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        var binary = new TensorBinary(options.RedactedFields);
        var batch = new InferenceLogBatch(records.Count);
        batch.Reset(records[0].Model, opened);
        foreach (var record in records)
            batch.Append(record, binary, binary.SizeOf(record.Request.Inputs), binary.SizeOf(record.Response.Outputs));
        return batch;
    }

    /// <summary>Whether the batch has reached its row or byte limit and should be written.</summary>
    internal bool IsFull => Count == _maxRows || _tensorsUsed >= MaxTensorBytes;

    /// <summary>Empties the batch and gives it to <paramref name="model"/>, opened at <paramref name="opened"/>; buffers that one huge request grew are let go rather than kept in the pool.</summary>
    internal void Reset(string model, DateTimeOffset opened)
    {
        Array.Clear(_versions, 0, Count);
        Array.Clear(_variants, 0, Count);
        if (_tensors.Length > 2 * MaxTensorBytes)
            _tensors = new byte[InitialRows * 256];
        if (_ids.Length > 2 * MaxTensorBytes)
            _ids = new char[InitialRows * 32];
        (Model, Opened, Count, _idsUsed, _tensorsUsed) = (model, opened, 0, 0, 0);
        _idPrefix = (ulong)Random.Shared.NextInt64();
        (Earliest, Latest) = (DateTimeOffset.MaxValue, DateTimeOffset.MinValue);
    }

    /// <summary>Copies one request in: its inputs and outputs, <paramref name="inputBytes"/> and <paramref name="outputBytes"/> long (from <see cref="TensorBinary.SizeOf(IReadOnlyList{Capstan.Core.Tensors.Tensor})"/>), and its id, or one made of the batch's random prefix and the row when it has none.</summary>
    internal void Append(in InferenceRecord record, TensorBinary binary, int inputBytes, int outputBytes)
    {
        var row = Count;
        if (row == _times.Length)
            GrowRows();
        _times[row] = record.Time.UtcDateTime;
        _latenciesMs[row] = record.Latency.TotalMilliseconds;
        _versions[row] = record.Response.ModelVersion;
        _variants[row] = record.Variant;
        _idStarts[row] = _idsUsed;
        var id = record.Request.Id;
        EnsureIds(id?.Length ?? 32);
        if (id is null)
            _idsUsed += new UInt128(_idPrefix, (ulong)row).TryFormat(_ids.AsSpan(_idsUsed), out var written, "x32") ? written : 0;
        else
        {
            id.CopyTo(_ids.AsSpan(_idsUsed));
            _idsUsed += id.Length;
        }
        EnsureTensors(inputBytes + outputBytes);
        _inputStarts[row] = _tensorsUsed;
        binary.Write(_tensors.AsSpan(_tensorsUsed, inputBytes), record.Request.Inputs);
        _tensorsUsed += inputBytes;
        _outputStarts[row] = _tensorsUsed;
        binary.Write(_tensors.AsSpan(_tensorsUsed, outputBytes), record.Response.Outputs);
        _tensorsUsed += outputBytes;
        if (record.Time < Earliest)
            Earliest = record.Time;
        if (record.Time > Latest)
            Latest = record.Time;
        Count = row + 1;
    }

    /// <summary>Writes the batch as one row group of <paramref name="writer"/>, in <see cref="LogSchema"/> order.</summary>
    internal async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        var count = Count;
        if (_text.Length < count)
            (_text, _binary) = (new ReadOnlyMemory<char>?[_times.Length], new ReadOnlyMemory<byte>?[_times.Length]);
        var text = _text.AsMemory(0, count);
        var binary = _binary.AsMemory(0, count);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(LogSchema.Time, _times.AsMemory(0, count), cancellationToken: cancellationToken);
        for (var i = 0; i < count; i++)
            _text[i] = _ids.AsMemory(_idStarts[i], (i + 1 < count ? _idStarts[i + 1] : _idsUsed) - _idStarts[i]);
        await group.WriteAsync<ReadOnlyMemory<char>>(LogSchema.RequestId, text, cancellationToken: cancellationToken);
        Array.Fill(_text, Model.AsMemory(), 0, count);
        await group.WriteAsync<ReadOnlyMemory<char>>(LogSchema.Model, text, cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(LogSchema.Version, Strings(_versions, count), cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(LogSchema.Variant, Strings(_variants, count), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(LogSchema.LatencyMs, _latenciesMs.AsMemory(0, count), cancellationToken: cancellationToken);
        for (var i = 0; i < count; i++)
            _binary[i] = _tensors.AsMemory(_inputStarts[i], _outputStarts[i] - _inputStarts[i]);
        await group.WriteAsync<ReadOnlyMemory<byte>>(LogSchema.Inputs, binary, cancellationToken: cancellationToken);
        for (var i = 0; i < count; i++)
            _binary[i] = _tensors.AsMemory(_outputStarts[i], (i + 1 < count ? _inputStarts[i + 1] : _tensorsUsed) - _outputStarts[i]);
        await group.WriteAsync<ReadOnlyMemory<byte>>(LogSchema.Outputs, binary, cancellationToken: cancellationToken);
    }

    private Memory<ReadOnlyMemory<char>?> Strings(string[] values, int count)
    {
        for (var i = 0; i < count; i++)
            _text[i] = values[i].AsMemory();
        return _text.AsMemory(0, count);
    }

    private void GrowRows()
    {
        var rows = Math.Min(_times.Length * 2, _maxRows);
        Array.Resize(ref _times, rows);
        Array.Resize(ref _latenciesMs, rows);
        Array.Resize(ref _versions, rows);
        Array.Resize(ref _variants, rows);
        Array.Resize(ref _idStarts, rows);
        Array.Resize(ref _inputStarts, rows);
        Array.Resize(ref _outputStarts, rows);
    }

    private void EnsureIds(int more)
    {
        if (_idsUsed + more > _ids.Length)
            Array.Resize(ref _ids, Math.Max(_ids.Length * 2, _idsUsed + more));
    }

    private void EnsureTensors(int more)
    {
        if (_tensorsUsed + more > _tensors.Length)
            Array.Resize(ref _tensors, Math.Max(_tensors.Length * 2, _tensorsUsed + more));
    }
}
