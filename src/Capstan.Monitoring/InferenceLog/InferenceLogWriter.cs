using System.Threading.Channels;
using Capstan.Core.Serving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>The inference log's front half: samples answered requests into a bounded queue that one background task drains into an <see cref="IInferenceLogSink"/>.</summary>
/// <remarks>
/// <see cref="Record"/> runs on the request's thread and never waits, throws or allocates: a sampled record that finds
/// the queue full is dropped and counted. The background task writes batches of up to
/// <see cref="InferenceLogOptions.BatchSize"/> records and, after a batch that was not full, lets records gather for
/// 50 ms rather than waking for each one, which would cost the request threads a thread-pool hop per record; it rolls files that are due, and on stop writes what is queued and
/// closes every file. A batch that fails to write is counted as failed and logged; the writer goes on. Thread-safe.
/// </remarks>
public sealed class InferenceLogWriter : IInferenceRecorder, IHostedService
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);
    private readonly InferenceLogOptions _options;
    private readonly IInferenceLogSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger<InferenceLogWriter> _logger;
    private readonly Channel<InferenceRecord> _queue;
    private readonly ulong _threshold;
    private Task _loop = Task.CompletedTask;
    private ulong _draws;
    private long _sampled;
    private long _dropped;
    private long _written;
    private long _failed;

    /// <summary>Creates the writer; <see cref="StartAsync"/> starts its background task.</summary>
    public InferenceLogWriter(InferenceLogOptions options, IInferenceLogSink sink, TimeProvider time, ILogger<InferenceLogWriter> logger)
    {
        (_options, _sink, _time, _logger) = (options, sink, time, logger);
        _queue = Channel.CreateBounded<InferenceRecord>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _draws = (ulong)(options.SamplingSeed ?? Random.Shared.NextInt64());
        _threshold = options.SamplingRate >= 1 ? ulong.MaxValue : (ulong)(options.SamplingRate * ulong.MaxValue);
    }

    /// <summary>What the log has done so far.</summary>
    public InferenceLogStatistics Statistics => new(
        _options.Enabled, Interlocked.Read(ref _sampled), Interlocked.Read(ref _dropped), Interlocked.Read(ref _written),
        Interlocked.Read(ref _failed), _queue.Reader.Count);

    /// <inheritdoc />
    public void Record(in InferenceRecord record)
    {
        if (!_options.Enabled || !Sampled())
            return;
        Interlocked.Increment(ref _sampled);
        if (!_queue.Writer.TryWrite(record))
            Interlocked.Increment(ref _dropped);
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
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("The inference log stopped before writing {Queued} queued requests", _queue.Reader.Count);
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

    private async Task WriteLoopAsync()
    {
        var batch = new List<InferenceRecord>(Math.Min(_options.BatchSize, 1024));
        while (await WaitForRecordsAsync())
        {
            while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var record))
                batch.Add(record);
            var full = batch.Count == _options.BatchSize;
            await WriteAsync(batch);
            await GuardAsync(() => _sink.RollDueAsync(CancellationToken.None), "roll");
            if (!full)
                await Task.Delay(Gather, _time);
        }
        while (_queue.Reader.TryRead(out var record))
        {
            batch.Add(record);
            if (batch.Count == _options.BatchSize)
                await WriteAsync(batch);
        }
        await WriteAsync(batch);
        await GuardAsync(() => _sink.FlushAsync(CancellationToken.None), "flush");
    }

    /// <summary>Waits until records arrive or half a roll interval passes; false once the queue is completed and empty.</summary>
    private async Task<bool> WaitForRecordsAsync()
    {
        using var tick = new CancellationTokenSource(_options.RollInterval / 2, _time);
        try
        {
            return await _queue.Reader.WaitToReadAsync(tick.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private async Task WriteAsync(List<InferenceRecord> batch)
    {
        if (batch.Count == 0)
            return;
        if (await GuardAsync(() => _sink.WriteAsync(batch, CancellationToken.None), "write"))
            Interlocked.Add(ref _written, batch.Count);
        else
            Interlocked.Add(ref _failed, batch.Count);
        batch.Clear();
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
}
