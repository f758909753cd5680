namespace Capstan.Core.Rollouts;

/// <summary>The body of a hand-made rollout decision (pause, resume, promote or abort): why it is made.</summary>
/// <param name="Reason">Why, kept in the rollout's history, or null.</param>
public sealed record RolloutCommand(string? Reason = null);
