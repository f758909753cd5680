using Capstan.Core.Pipelines;

namespace Capstan.Registry.Stores;

/// <summary>What every store does the same way to a run before keeping it: its times at the precision every store keeps, and its revision.</summary>
internal static class PipelineRecords
{
    /// <summary>The run as stored at <paramref name="revision"/>, its times truncated as <see cref="StoreClock.Normalize"/> does.</summary>
    public static PipelineRun Stored(PipelineRun run, long revision) => run with
    {
        QueuedAt = StoreClock.Normalize(run.QueuedAt),
        StartedAt = run.StartedAt is { } started ? StoreClock.Normalize(started) : null,
        FinishedAt = run.FinishedAt is { } finished ? StoreClock.Normalize(finished) : null,
        HeartbeatAt = run.HeartbeatAt is { } heartbeat ? StoreClock.Normalize(heartbeat) : null,
        Revision = revision,
    };

    /// <summary>Whether a run of this status keeps its pipeline from being deleted.</summary>
    public static bool Active(RunStatus status) => status is RunStatus.Queued or RunStatus.Running;
}
