using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Registry.Stores;

/// <summary>What every store decides the same way about saving a rollout, so that each implementation only stores and loads it.</summary>
internal static class RolloutRecords
{
    /// <summary>The rollout as stored: the next revision, and the deployment revision its traffic change made in it and in its latest decision; Conflict when the stored one is not at <paramref name="expected"/>.</summary>
    public static Result<Rollout> Next(Rollout rollout, Rollout? stored, long expected, long? deploymentRevision)
    {
        var current = stored?.Revision ?? 0;
        if (current != expected)
            return StoreErrors.StaleRollout(rollout.Model, expected, current);
        if (deploymentRevision is not { } revision)
            return rollout with { Revision = current + 1 };
        var history = rollout.History.ToList();
        history[^1] = history[^1] with { DeploymentRevision = revision };
        return rollout with { Revision = current + 1, DeploymentRevision = revision, History = history };
    }
}
