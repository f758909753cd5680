using System.Diagnostics;
using System.Threading.Channels;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.Telemetry;

namespace Capstan.Serving.Execution;

/// <summary>Gathers queued requests into batches along the first (row) dimension, runs each batch once and splits the answers, as Triton's dynamic batcher does.</summary>
/// <remarks>
/// There are no batching threads: a request queues itself and, while fewer than one batch per two cores is running,
/// leads on its own thread, taking the oldest waiting requests (with a queue delay, also those that arrive until the
/// oldest has waited that long) up to <see cref="BatchingSettings.MaxBatchSize"/> rows and running them together;
/// requests that ask for other outputs or have other row shapes run as their own batch. A leader goes on until its own
/// request is answered, so a lone request runs at once on the caller's thread, as with batching off, and requests that
/// arrive while batches run wait to be taken into the next one. Half the cores, not all, may run batches: with every
/// core running one, no request would ever find the others busy and wait, so batches would not form however long
/// runs take, while the other half handles the protocol of the requests that fill the next batch (on two cores, a
/// model whose single-row run costs as much as its HTTP handling, bench/batching: 1.05 times the throughput of batching
/// off and 1.15 rows per run with one batch per core, 1.33 times and 2.84 rows per run with one per two). The last
/// leader to leave with requests still queued hands them to a thread-pool leader, and a request that found every batch
/// slot taken looks again after giving its slot back, since the leader it counted on may have left meanwhile. The queue holds at most
/// <see cref="BatchingSettings.MaxQueueSize"/> requests; past it a request is refused as overloaded at once. Thread-safe.
/// </remarks>
public sealed class BatchingExecutor : IInferenceExecutor
{
    private readonly string _model;
    private readonly int _version;
    private readonly ILoadedModel _runtime;
    private readonly BatchingSettings _settings;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly ExecutorCounters _counters = new();
    private readonly int _maxLeaders = Math.Max(1, Environment.ProcessorCount / 2);
    private int _leaders;

    /// <summary>How far ahead of a queue-delay deadline a timed wait ends, since timers fire late by up to their millisecond granularity.</summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(2);

    /// <summary>Creates the executor for one loaded version.</summary>
    public BatchingExecutor(string model, int version, ILoadedModel runtime, BatchingSettings settings) =>
        (_model, _version, _runtime, _settings) = (model, version, runtime, settings);

    /// <inheritdoc />
    public ExecutorStatistics Statistics => _counters.Snapshot();

    /// <inheritdoc />
    /// <remarks>May run a batch, this request's and others', on the calling thread before it returns.</remarks>
    public ValueTask<Result<IReadOnlyList<Tensor>>> RunAsync(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs, VariantMeter meter, CancellationToken cancellationToken)
    {
        if (!_counters.TryAdmit(_settings.MaxQueueSize))
            return ValueTask.FromResult<Result<IReadOnlyList<Tensor>>>(ServingErrors.Overloaded(_model, _version, _settings.MaxQueueSize));
        var work = new Work(inputs, outputs, meter);
        if (!_queue.Writer.TryWrite(work))
        {
            _counters.Leave();
            return ValueTask.FromResult<Result<IReadOnlyList<Tensor>>>(ServingErrors.NotReady(_model, $"version {_version} is unloading"));
        }
        var leading = LeadAsync(work);
        return leading.IsCompletedSuccessfully ? new(work.Completion.Task) : AnswerAfterAsync(leading, work);
    }

    /// <summary>Stops taking requests and runs the queued ones.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        while (Statistics.Queued > 0)
        {
            await LeadAsync(null);
            await Task.Delay(1);
        }
    }

    private static async ValueTask<Result<IReadOnlyList<Tensor>>> AnswerAfterAsync(ValueTask leading, Work work)
    {
        await leading;
        return await work.Completion.Task;
    }

    /// <summary>Runs batches while a core is free for one, until <paramref name="own"/> is answered (or, with none, until the queue is empty).</summary>
    private async ValueTask LeadAsync(Work? own)
    {
        while (own is null || !own.Completion.Task.IsCompleted)
        {
            if (Interlocked.Increment(ref _leaders) > _maxLeaders)
            {
                Interlocked.Decrement(ref _leaders);
                if (Volatile.Read(ref _leaders) > 0 || _queue.Reader.Count == 0)
                    return;
                continue;
            }
            bool ran;
            try
            {
                ran = await RunNextBatchAsync();
            }
            finally
            {
                Interlocked.Decrement(ref _leaders);
            }
            if (!ran && _queue.Reader.Count == 0)
                return;
        }
        if (Volatile.Read(ref _leaders) == 0 && _queue.Reader.Count > 0)
            ThreadPool.UnsafeQueueUserWorkItem(static executor => _ = executor.LeadAsync(null), this, preferLocal: false);
    }

    /// <summary>Takes the oldest waiting requests up to a batch (waiting up to the queue delay for more) and runs them; false when none was waiting.</summary>
    private async ValueTask<bool> RunNextBatchAsync()
    {
        var reader = _queue.Reader;
        if (!reader.TryRead(out var first))
            return false;
        var taken = new List<Work> { first };
        var rows = first.Rows;
        var deadline = first.Enqueued + _settings.MaxQueueDelayMicroseconds * Stopwatch.Frequency / 1_000_000;
        while (rows < _settings.MaxBatchSize)
        {
            if (reader.TryRead(out var next))
            {
                taken.Add(next);
                rows += next.Rows;
            }
            else if (Stopwatch.GetTimestamp() >= deadline || !await WaitForMoreAsync(reader, deadline))
                break;
        }
        foreach (var (batch, batchRows) in Batches(taken))
            Run(batch, batchRows);
        return true;
    }

    /// <summary>Splits taken requests, in order, into batches of fitting requests within the row limit (one request over the limit is a batch of its own), each with its row count.</summary>
    private List<(List<Work> Requests, long Rows)> Batches(List<Work> taken)
    {
        var batches = new List<(List<Work> Requests, long Rows)>(1);
        foreach (var work in taken)
        {
            var b = batches.FindIndex(batch => batch.Rows + work.Rows <= _settings.MaxBatchSize && work.FitsWith(batch.Requests[0]));
            if (b < 0)
                batches.Add(([work], work.Rows));
            else
            {
                batches[b].Requests.Add(work);
                batches[b] = (batches[b].Requests, batches[b].Rows + work.Rows);
            }
        }
        return batches;
    }

    /// <summary>Waits until a request may be waiting or <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) has passed; false once the queue is closed.</summary>
    /// <remarks>
    /// Timers and timed waits count whole milliseconds, so they carry the wait only to within <see cref="TimerSlack"/>
    /// of the deadline; the rest is spent yielding the thread to the pool's other work (the handling of arriving
    /// requests among it) and looking again, so that delays of a few hundred microseconds, as Triton's are usually set,
    /// last as long as configured.
    /// </remarks>
    private static async ValueTask<bool> WaitForMoreAsync(ChannelReader<Work> reader, long deadline)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (remaining > TimerSlack)
        {
            using var timeout = new CancellationTokenSource(remaining - TimerSlack);
            try
            {
                return await reader.WaitToReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }
        await Task.Yield();
        return !reader.Completion.IsCompleted;
    }

    private void Run(List<Work> batch, long rows)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var inputs = batch.Count == 1 ? batch[0].Inputs : TensorBatches.Concatenate(batch.Select(w => w.Inputs).ToList(), rows);
            var result = _runtime.Run(inputs, batch[0].Outputs);
            _counters.CountRun(batch.Count, rows);
            Measure(batch, rows, started);
            if (!result.TryGetValue(out var outputs, out var error))
            {
                foreach (var work in batch)
                    work.Completion.TrySetResult(ServingErrors.RuntimeFailed(_model, _version, error.Message));
                return;
            }
            long first = 0;
            foreach (var work in batch)
            {
                work.Completion.TrySetResult(batch.Count == 1 ? Result(outputs) : Result(TensorBatches.Slice(outputs, first, work.Rows, rows)));
                first += work.Rows;
            }
        }
        catch (Exception e)
        {
            foreach (var work in batch)
                work.Completion.TrySetException(e);
        }
        finally
        {
            foreach (var _ in batch)
                _counters.Leave();
        }
    }

    /// <summary>Records each request's queue time until <paramref name="started"/>, the run's compute time, and the batch's rows once.</summary>
    private static void Measure(List<Work> batch, long rows, long started)
    {
        var computed = Stopwatch.GetElapsedTime(started);
        foreach (var work in batch)
        {
            work.Meter.RecordQueue(Stopwatch.GetElapsedTime(work.Enqueued, started));
            work.Meter.RecordCompute(computed);
        }
        batch[0].Meter.RecordBatch(rows);
    }

    private static Result<IReadOnlyList<Tensor>> Result(IReadOnlyList<Tensor> outputs) => Result<IReadOnlyList<Tensor>>.Success(outputs);

    /// <summary>One queued request and the promise of its answer.</summary>
    private sealed class Work(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs, VariantMeter meter)
    {
        public VariantMeter Meter { get; } = meter;

        public long Enqueued { get; } = Stopwatch.GetTimestamp();

        public IReadOnlyList<Tensor> Inputs { get; } = inputs;

        public IReadOnlyList<string> Outputs { get; } = outputs;

        public long Rows { get; } = inputs.Count == 0 || inputs[0].Shape.Count == 0 ? 1 : inputs[0].Shape[0];

        public TaskCompletionSource<Result<IReadOnlyList<Tensor>>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether this request can share a batch with <paramref name="other"/>: the same outputs and the same row shape for every input.</summary>
        public bool FitsWith(Work other) => Outputs.SequenceEqual(other.Outputs) && TensorBatches.SameRowShapes(Inputs, other.Inputs);
    }
}
