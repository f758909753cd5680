using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Serving.Telemetry;

namespace Capstan.Serving.Execution;

/// <summary>Runs validated requests on one loaded version: directly, or gathered into batches.</summary>
/// <remarks>Both kinds bound how many requests wait or run at once and refuse the rest as overloaded, so latency never grows without bound. Thread-safe.</remarks>
public interface IInferenceExecutor : IAsyncDisposable
{
    /// <summary>The executor's counters.</summary>
    ExecutorStatistics Statistics { get; }

    /// <summary>Runs one request's validated inputs and returns the requested outputs, or Overloaded when the queue is full; its queue and compute time and the rows of its model run go to <paramref name="meter"/>.</summary>
    ValueTask<Result<IReadOnlyList<Tensor>>> RunAsync(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs, VariantMeter meter, CancellationToken cancellationToken);
}
