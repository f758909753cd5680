namespace Capstan.Core.Rollouts;

/// <summary>One decision in a rollout's history: what was done, at which step, by whom, when and why.</summary>
/// <param name="At">When.</param>
/// <param name="By">Who: a caller's name, or the rollout controller.</param>
/// <param name="Action">What was done.</param>
/// <param name="Step">The step the rollout was at afterwards, from 1.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="DeploymentRevision">The deployment revision the decision made, or null when it did not change the traffic.</param>
public sealed record RolloutDecision(DateTimeOffset At, string By, RolloutAction Action, int Step, string Reason, long? DeploymentRevision = null);
