namespace Capstan.Core.Rollouts;

/// <summary>A progressive rollout of a canary version of a model: its plan, where it stands, its last analysis and every decision it made.</summary>
/// <remarks>A model has at most one rollout; starting a new one once it has finished replaces it, and the audit trail and the deployment history keep the old one.</remarks>
/// <param name="Model">The model, which is also the serving name.</param>
/// <param name="Stable">The stable target the rollout started from, as the deployment named it (<c>name:N</c>, <c>name@alias</c> or <c>name</c>).</param>
/// <param name="Canary">The canary target, pinned as <c>name:N</c>.</param>
/// <param name="Steps">The plan.</param>
/// <param name="Thresholds">How much worse than the stable version the canary may do.</param>
/// <param name="Step">The current step, from 1 to the number of steps.</param>
/// <param name="State">Where it stands.</param>
/// <param name="StepStartedAt">When the current step began (or was resumed), from which its hold counts.</param>
/// <param name="LastAnalysis">The latest analysis, or null before the first.</param>
/// <param name="History">Every decision, oldest first.</param>
/// <param name="Revision">Raised by every change of the record, starting at 1, so that concurrent deciders cannot overwrite each other.</param>
/// <param name="DeploymentRevision">The deployment revision the rollout's latest traffic change made; a deployment at another revision was changed outside the rollout.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="StartedBy">Who started it.</param>
public sealed record Rollout(
    string Model,
    string Stable,
    string Canary,
    IReadOnlyList<RolloutStep> Steps,
    RolloutThresholds Thresholds,
    int Step,
    RolloutState State,
    DateTimeOffset StepStartedAt,
    RolloutAnalysis? LastAnalysis,
    IReadOnlyList<RolloutDecision> History,
    long Revision,
    long DeploymentRevision,
    DateTimeOffset StartedAt,
    string StartedBy)
{
    /// <summary>The current step's plan.</summary>
    public RolloutStep Current => Steps[Step - 1];

    /// <summary>Whether the rollout still decides on its own or waits to be resumed, rather than being promoted or aborted.</summary>
    public bool Active => State is RolloutState.Progressing or RolloutState.Paused;
}
