namespace Capstan.Core.Registry;

/// <summary>How a deployment's requests are queued and batched, as Triton's dynamic batcher does.</summary>
/// <param name="MaxBatchSize">The most rows run together; 1 turns batching off.</param>
/// <param name="MaxQueueDelayMicroseconds">How long a batch may wait for more rows; 0 batches only what is already queued.</param>
/// <param name="MaxQueueSize">The most requests waiting or running at once; past it a request is refused as overloaded.</param>
public sealed record BatchingSettings(int MaxBatchSize = 1, int MaxQueueDelayMicroseconds = 0, int MaxQueueSize = 1024)
{
    /// <summary>No batching, and a queue of 1024 requests.</summary>
    public static BatchingSettings Default { get; } = new();
}
