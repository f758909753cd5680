using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The registry's rollouts: at most one per model, with its plan, where it stands, its last analysis and its decisions.</summary>
/// <remarks>
/// Each method is one transaction. A save checks the revision it replaces, so the controller and a person deciding at the
/// same time cannot overwrite each other, and may change the model's deployment in the same transaction, so a rollout
/// never says one thing while the traffic does another. Safe to call concurrently from many threads and processes.
/// </remarks>
public interface IRolloutStore
{
    /// <summary>Gets a model's rollout; NotFound when the model does not exist or never had one.</summary>
    Task<Result<Rollout>> GetRolloutAsync(ModelName name, CancellationToken cancellationToken);

    /// <summary>Lists the rollouts that are progressing or paused, by model name.</summary>
    Task<IReadOnlyList<Rollout>> ListActiveRolloutsAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="rollout"/> as its model's rollout in place of the one at <paramref name="expectedRevision"/>, and sets the deployment to <paramref name="traffic"/> when given.</summary>
    /// <remarks>
    /// <paramref name="expectedRevision"/> is 0 when the model has no rollout yet. Conflict (and nothing written) when the
    /// stored rollout is at another revision; NotFound when the model does not exist. The stored rollout gets the next
    /// revision and, with <paramref name="traffic"/>, the deployment revision that change made, also recorded in its latest
    /// decision. Audited as <c>rollout.ACTION</c> after its latest decision (<c>rollout.analysis</c> when it made none),
    /// and the deployment change as a <c>deployment.set</c> with <paramref name="reason"/>, as a deployment alone would be.
    /// </remarks>
    Task<Result<Rollout>> SaveRolloutAsync(
        Rollout rollout, long expectedRevision, DeploymentSpec? traffic, string? reason, Actor actor, CancellationToken cancellationToken);
}
