namespace Capstan.Serving.Execution;

/// <summary>Counters of one version's executor, read for status and metrics.</summary>
/// <param name="Requests">Requests run so far.</param>
/// <param name="Batches">Model runs so far (equal to requests without batching).</param>
/// <param name="Rows">Rows run so far.</param>
/// <param name="Rejected">Requests refused because the queue was full.</param>
/// <param name="Queued">Requests waiting or running now.</param>
public sealed record ExecutorStatistics(long Requests, long Batches, long Rows, long Rejected, int Queued)
{
    /// <summary>The mean number of rows per model run.</summary>
    public double MeanBatchRows => Batches == 0 ? 0 : (double)Rows / Batches;
}
