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
/// One worker per core takes the first waiting request, then adds the requests already queued (or, with a queue delay,
/// those that arrive within it) while they fit in <see cref="BatchingSettings.MaxBatchSize"/> rows and ask for the
/// same outputs with the same row shapes; a request that does not fit starts the next batch. The queue holds at most
/// <see cref="BatchingSettings.MaxQueueSize"/> requests; past it a request is refused as overloaded at once.
/// </remarks>
public sealed class BatchingExecutor : IInferenceExecutor
{
    private readonly string _model;
    private readonly int _version;
    private readonly ILoadedModel _runtime;
    private readonly BatchingSettings _settings;
    private readonly Channel<Work> _queue;
    private readonly ExecutorCounters _counters = new();
    private readonly Task[] _workers;

    /// <summary>Starts the workers for one loaded version.</summary>
    public BatchingExecutor(string model, int version, ILoadedModel runtime, BatchingSettings settings)
    {
        (_model, _version, _runtime, _settings) = (model, version, runtime, settings);
        _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
        _workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <inheritdoc />
    public ExecutorStatistics Statistics => _counters.Snapshot();

    /// <inheritdoc />
    public ValueTask<Result<IReadOnlyList<Tensor>>> RunAsync(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs, VariantMeter meter, CancellationToken cancellationToken)
    {
        if (!_counters.TryAdmit(_settings.MaxQueueSize))
            return ValueTask.FromResult<Result<IReadOnlyList<Tensor>>>(ServingErrors.Overloaded(_model, _version, _settings.MaxQueueSize));
        var work = new Work(inputs, outputs, meter);
        _queue.Writer.TryWrite(work);
        return new ValueTask<Result<IReadOnlyList<Tensor>>>(work.Completion.Task);
    }

    /// <summary>Stops taking requests, finishes the queued ones and stops the workers.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
    }

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        Work? carried = null;
        var batch = new List<Work>();
        while (carried is not null || await reader.WaitToReadAsync())
        {
            if (carried is null && !reader.TryRead(out carried))
                continue;
            batch.Clear();
            batch.Add(carried);
            var rows = carried.Rows;
            carried = null;
            var deadline = DateTime.UtcNow.AddTicks(_settings.MaxQueueDelayMicroseconds * 10L);
            while (rows < _settings.MaxBatchSize)
            {
                if (!reader.TryRead(out var next))
                {
                    if (DateTime.UtcNow >= deadline || !await WaitForMoreAsync(reader, deadline))
                        break;
                    continue;
                }
                if (rows + next.Rows > _settings.MaxBatchSize || !next.FitsWith(batch[0]))
                {
                    carried = next;
                    break;
                }
                batch.Add(next);
                rows += next.Rows;
            }
            Run(batch, rows);
        }
    }

    private static async Task<bool> WaitForMoreAsync(ChannelReader<Work> reader, DateTime deadline)
    {
        var remaining = deadline - DateTime.UtcNow;
        if (remaining <= TimeSpan.Zero)
            return false;
        using var timeout = new CancellationTokenSource(remaining);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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
