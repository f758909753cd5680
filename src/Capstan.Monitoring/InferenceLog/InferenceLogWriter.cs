using System.Collections.Concurrent;
using System.Threading.Channels;
using Capstan.Core.Serving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>The inference log's front half: copies sampled answered requests into per-model batches that one background task hands to an <see cref="IInferenceLogSink"/>.</summary>
/// <remarks>
/// <see cref="Record"/> runs on the request's thread and never waits on I/O or throws: a sampled request is copied
/// (times, ids, and tensors in the <see cref="TensorBinary"/> layout) into its model's open
/// <see cref="InferenceLogBatch"/> under that model's lock, so nothing of the request outlives it and nothing is
/// allocated but a batch when the pool of written ones is empty; once
/// <see cref="InferenceLogOptions.QueueCapacity"/> requests wait, new ones are dropped and counted. A batch is handed
/// to the background task when it holds <see cref="InferenceLogOptions.BatchSize"/> requests or a few MiB of tensors,
/// or when its first request is <see cref="InferenceLogOptions.RollInterval"/> old, so every request is readable
/// about a roll interval after it was answered while a busy model still writes full row groups. The task rolls files
/// that are due, and on stop writes what is queued and closes every file. A batch that fails to write is counted as
/// failed and logged; the writer goes on. Written batches are reused. Thread-safe.
/// </remarks>
public sealed class InferenceLogWriter : IInferenceRecorder, IHostedService
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private const int PooledBatches = 8;
    private static readonly TimeSpan LongestTick = TimeSpan.FromSeconds(1);
    private readonly InferenceLogOptions _options;
    private readonly IInferenceLogSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger<InferenceLogWriter> _logger;
    private readonly TensorBinary _binary;
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Channel<InferenceLogBatch> _full = Channel.CreateUnbounded<InferenceLogBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<InferenceLogBatch> _pool = new();
    private readonly ulong _threshold;
    private readonly TimeSpan _tick;
    private Task _loop = Task.CompletedTask;
    private volatile bool _stopped;
    private ulong _draws;
    private long _sampled;
    private long _dropped;
    private long _written;
    private long _failed;
    private int _queued;

    /// <summary>Creates the writer; <see cref="StartAsync"/> starts its background task.</summary>
    public InferenceLogWriter(InferenceLogOptions options, IInferenceLogSink sink, TimeProvider time, ILogger<InferenceLogWriter> logger)
    {
        (_options, _sink, _time, _logger) = (options, sink, time, logger);
        _binary = new TensorBinary(options.RedactedFields);
        _draws = (ulong)(options.SamplingSeed ?? Random.Shared.NextInt64());
        _threshold = options.SamplingRate >= 1 ? ulong.MaxValue : (ulong)(options.SamplingRate * ulong.MaxValue);
        _tick = options.RollInterval / 4 < LongestTick ? options.RollInterval / 4 : LongestTick;
    }

    /// <summary>What the log has done so far.</summary>
    public InferenceLogStatistics Statistics => new(
        _options.Enabled, Interlocked.Read(ref _sampled), Interlocked.Read(ref _dropped), Interlocked.Read(ref _written),
        Interlocked.Read(ref _failed), Volatile.Read(ref _queued));

    /// <inheritdoc />
    public void Record(in InferenceRecord record)
    {
        if (!_options.Enabled || !Sampled())
            return;
        Interlocked.Increment(ref _sampled);
        if (Interlocked.Increment(ref _queued) > _options.QueueCapacity)
        {
            Drop();
            return;
        }
        var inputBytes = _binary.SizeOf(record.Request.Inputs);
        var outputBytes = _binary.SizeOf(record.Response.Outputs);
        var lane = _lanes.TryGetValue(record.Model, out var found) ? found : _lanes.GetOrAdd(record.Model, static _ => new Lane());
        lock (lane.Gate)
        {
            if (_stopped)
            {
                Drop();
                return;
            }
            var batch = lane.Open ??= Rent(record.Model);
            batch.Append(record, _binary, inputBytes, outputBytes);
            if (batch.IsFull)
                Seal(lane);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
            _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking records, then writes what is queued and closes every file, unless <paramref name="cancellationToken"/> gives up first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        SealWhere(static _ => true);
        _full.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("The inference log stopped before writing {Queued} queued requests", Volatile.Read(ref _queued));
        }
    }

    /// <summary>Draws whether this record is logged, from a counter-based SplitMix64 stream that needs no lock.</summary>
    private bool Sampled()
    {
        if (_threshold == ulong.MaxValue)
            return true;
        if (_threshold == 0)
            return false;
        var z = Interlocked.Add(ref _draws, Golden);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return (z ^ (z >> 31)) < _threshold;
    }

    private void Drop()
    {
        Interlocked.Decrement(ref _queued);
        Interlocked.Increment(ref _dropped);
    }

    private InferenceLogBatch Rent(string model)
    {
        if (!_pool.TryDequeue(out var batch))
            batch = new InferenceLogBatch(_options.BatchSize);
        batch.Reset(model, _time.GetUtcNow());
        return batch;
    }

    /// <summary>Hands the lane's open batch to the background task; called under the lane's lock, so a batch is sealed once and before the queue completes.</summary>
    private void Seal(Lane lane)
    {
        var batch = lane.Open!;
        lane.Open = null;
        if (!_full.Writer.TryWrite(batch))
        {
            Interlocked.Add(ref _queued, -batch.Count);
            Interlocked.Add(ref _dropped, batch.Count);
        }
    }

    private void SealWhere(Func<InferenceLogBatch, bool> due)
    {
        foreach (var lane in _lanes.Values)
        {
            lock (lane.Gate)
            {
                if (lane.Open is { } open && due(open))
                    Seal(lane);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var more = true;
        while (more)
        {
            more = await WaitForBatchesAsync();
            while (_full.Reader.TryRead(out var batch))
                await WriteAsync(batch);
            if (!more)
                break;
            var due = _time.GetUtcNow() - _options.RollInterval;
            SealWhere(open => open.Opened <= due);
            while (_full.Reader.TryRead(out var batch))
                await WriteAsync(batch);
            await GuardAsync(() => _sink.RollDueAsync(CancellationToken.None), "roll");
        }
        await GuardAsync(() => _sink.FlushAsync(CancellationToken.None), "flush");
    }

    /// <summary>Waits until a batch is sealed or a tick passes; false once no batch will come any more.</summary>
    private async Task<bool> WaitForBatchesAsync()
    {
        using var tick = new CancellationTokenSource(_tick, _time);
        try
        {
            return await _full.Reader.WaitToReadAsync(tick.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private async Task WriteAsync(InferenceLogBatch batch)
    {
        var count = batch.Count;
        Interlocked.Add(ref _queued, -count);
        if (await GuardAsync(() => _sink.WriteAsync(batch, CancellationToken.None), "write"))
            Interlocked.Add(ref _written, count);
        else
            Interlocked.Add(ref _failed, count);
        if (_pool.Count < PooledBatches)
            _pool.Enqueue(batch);
    }

    private async Task<bool> GuardAsync(Func<ValueTask> action, string what)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The inference log could not {What} its files", what);
            return false;
        }
    }

    /// <summary>One model's open batch and the lock request threads take to copy into it; mutable.</summary>
    private sealed class Lane
    {
        public Lock Gate { get; } = new();

        public InferenceLogBatch? Open { get; set; }
    }
}
