namespace Capstan.Core.Rollouts;

/// <summary>The body that starts a rollout of a canary from the model's current stable target.</summary>
/// <param name="Canary">The version to roll out: <c>name:N</c>, <c>name@alias</c> or <c>name</c>, resolved and pinned when the rollout starts.</param>
/// <param name="Steps">The steps, their weights rising; a last step of 100 promotes the canary, and without one the canary is promoted after the last step passes.</param>
/// <param name="Thresholds">How much worse the canary may do; <see cref="RolloutThresholds.Default"/> when null.</param>
/// <param name="Reason">Why, kept in the rollout's history and the deployment's, or null.</param>
public sealed record RolloutRequest(string Canary, IReadOnlyList<RolloutStep?>? Steps, RolloutThresholds? Thresholds = null, string? Reason = null);
