namespace Capstan.Core.Rollouts;

/// <summary>One step of a rollout: the canary's share of the live traffic and how long it is held before the analysis.</summary>
/// <param name="Weight">The canary's share in percent, 1 to 100; a step of 100 promotes the canary.</param>
/// <param name="HoldSeconds">How long the step runs before its analysis, in seconds.</param>
public sealed record RolloutStep(int Weight, int HoldSeconds);
