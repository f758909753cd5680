namespace Capstan.Monitoring.InferenceLog;

/// <summary>Where the inference log's background writer puts batches of records: Parquet files, or a test double.</summary>
/// <remarks>Called from one background task only, never from a request.</remarks>
public interface IInferenceLogSink
{
    /// <summary>Writes one batch of one model's requests; the batch is reused once the call completes.</summary>
    ValueTask WriteAsync(InferenceLogBatch batch, CancellationToken cancellationToken);

    /// <summary>Closes and publishes every file older than the roll interval.</summary>
    ValueTask RollDueAsync(CancellationToken cancellationToken);

    /// <summary>Closes and publishes every open file, as at shutdown.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
