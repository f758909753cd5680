namespace Capstan.Core.Pipelines;

/// <summary>One run of a pipeline, tracked like an experiment: why it started, its status and times, its progress, what it found, what it registered, its log and its error.</summary>
/// <remarks>
/// A run is saved whole at each change, checking the revision it replaces, so two replicas never both claim one queued
/// run and a cancellation is never lost to a progress update.
/// </remarks>
/// <param name="Id">The run's id, unique in the registry.</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Model">The pipeline's model when the run was queued.</param>
/// <param name="SpecHash">The hash of the spec the run runs.</param>
/// <param name="Trigger">What started it: <c>manual</c>, <c>schedule</c>, <c>alert:RULE</c> or <c>labels</c>.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="QueuedAt">When it was queued.</param>
/// <param name="StartedAt">When a process began running it, or null.</param>
/// <param name="FinishedAt">When it ended, or null.</param>
/// <param name="QueuedBy">Who or what queued it.</param>
/// <param name="Runner">The server process that claimed the run, or null while queued.</param>
/// <param name="HeartbeatAt">When that process last said it was still running it, or null.</param>
/// <param name="CancelRequested">Whether someone asked to cancel it while it ran.</param>
/// <param name="Progress">The latest progress report, or null before the first.</param>
/// <param name="Parameters">The run's settings: seed, trials, holdout, gate, source and the like.</param>
/// <param name="Outcome">What the training found, or null when it did not get that far.</param>
/// <param name="RegisteredVersion">The version registered (<c>name:N</c>), or null.</param>
/// <param name="Rollout">What happened to the rollout: started, or why not; null when the spec asks for none.</param>
/// <param name="Reason">Why the run ended as it did: the gate's reason, the error or the cancellation.</param>
/// <param name="Log">The run's log lines, oldest first, each starting with its UTC time.</param>
/// <param name="Revision">1 when queued, one more with each save.</param>
public sealed record PipelineRun(
    string Id,
    string Pipeline,
    string Model,
    string SpecHash,
    string Trigger,
    RunStatus Status,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string QueuedBy,
    string? Runner,
    DateTimeOffset? HeartbeatAt,
    bool CancelRequested,
    RunProgress? Progress,
    IReadOnlyDictionary<string, string> Parameters,
    RunOutcome? Outcome,
    string? RegisteredVersion,
    string? Rollout,
    string? Reason,
    IReadOnlyList<string> Log,
    long Revision)
{
    /// <summary>How long the run ran, in seconds, once it has ended after starting; null otherwise.</summary>
    public double? DurationSeconds => StartedAt is { } started && FinishedAt is { } finished ? (finished - started).TotalSeconds : null;

    /// <summary>Whether the run has ended.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ended => Status is not (RunStatus.Queued or RunStatus.Running);

    /// <summary>How long the run ran, or has been running at <paramref name="now"/>; null before it starts.</summary>
    public TimeSpan? Duration(DateTimeOffset now) => StartedAt is { } started ? (FinishedAt ?? now) - started : null;
}
