using System.Diagnostics;
using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.Telemetry;

namespace Capstan.Serving.Execution;

/// <summary>Runs each request on the calling thread, as soon as it arrives, with a bound on how many run at once.</summary>
/// <remarks>The fastest path for single requests: no queue, no thread hop. Requests past the bound are refused as overloaded.</remarks>
/// <param name="model">The model name, for errors.</param>
/// <param name="version">The version number, for errors.</param>
/// <param name="runtime">The loaded model.</param>
/// <param name="maxQueueSize">The most requests running at once.</param>
public sealed class DirectExecutor(string model, int version, ILoadedModel runtime, int maxQueueSize) : IInferenceExecutor
{
    private readonly ExecutorCounters _counters = new();

    /// <inheritdoc />
    public ExecutorStatistics Statistics => _counters.Snapshot();

    /// <inheritdoc />
    public ValueTask<Result<IReadOnlyList<Tensor>>> RunAsync(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs, VariantMeter meter, CancellationToken cancellationToken)
    {
        if (!_counters.TryAdmit(maxQueueSize))
            return ValueTask.FromResult<Result<IReadOnlyList<Tensor>>>(ServingErrors.Overloaded(model, version, maxQueueSize));
        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = runtime.Run(inputs, outputs);
            var rows = inputs.Count == 0 || inputs[0].Shape.Count == 0 ? 1 : inputs[0].Shape[0];
            _counters.CountRun(1, rows);
            meter.RecordQueue(TimeSpan.Zero);
            meter.RecordCompute(Stopwatch.GetElapsedTime(started));
            meter.RecordBatch(rows);
            return ValueTask.FromResult(result.IsSuccess ? result : ServingErrors.RuntimeFailed(model, version, result.Error.Message));
        }
        finally
        {
            _counters.Leave();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
