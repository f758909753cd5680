using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The registry's desired serving state: which models are deployed, with what target and batching, and their reported status.</summary>
/// <remarks>
/// Each method is one transaction; setting, removing and rolling back a deployment write its revision and their audit entry in it. Safe to call concurrently from many threads and processes. A deployment belongs to
/// its model (the target names the same model); it blocks deleting the version it pins (<c>name:N</c>) or serves.
/// </remarks>
public interface IDeploymentStore
{
    /// <summary>Creates or replaces a model's deployment with <paramref name="spec"/>, raising its revision, recording the revision and resetting its status to pending.</summary>
    /// <remarks>NotFound when the model does not exist; the caller has checked the spec: its targets resolve, its weights add up, its outputs exist.</remarks>
    Task<Result<Deployment>> SetDeploymentAsync(ModelName name, DeploymentSpec spec, string? reason, Actor actor, CancellationToken cancellationToken);

    /// <summary>Gets a model's deployment; NotFound when the model is not deployed.</summary>
    Task<Result<Deployment>> GetDeploymentAsync(ModelName name, CancellationToken cancellationToken);

    /// <summary>Lists every deployment, by model name.</summary>
    Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(CancellationToken cancellationToken);

    /// <summary>Removes a model's deployment and returns it as it was; NotFound when the model is not deployed.</summary>
    /// <remarks>The removal is a revision of its own that keeps the removed spec; the history stays.</remarks>
    Task<Result<Deployment>> RemoveDeploymentAsync(ModelName name, Actor actor, CancellationToken cancellationToken);

    /// <summary>Lists every revision of a model's deployment, oldest first; NotFound when the model was never deployed.</summary>
    Task<Result<IReadOnlyList<DeploymentRevision>>> ListDeploymentRevisionsAsync(ModelName name, CancellationToken cancellationToken);

    /// <summary>Applies an earlier revision's spec again as a new revision, never rewriting history.</summary>
    /// <remarks>
    /// Without <paramref name="toRevision"/> it returns to the newest revision that deployed something before the latest change,
    /// which also redeploys what an undeploy removed. NotFound for a revision that does not exist, InvalidInput for one that
    /// undeployed, Conflict when there is nothing earlier or the deployment is already at that revision. The reason defaults
    /// to "rollback to revision N".
    /// </remarks>
    Task<Result<Deployment>> RollbackDeploymentAsync(ModelName name, long? toRevision, string? reason, Actor actor, CancellationToken cancellationToken);

    /// <summary>Records what a server observed for the deployment at <paramref name="revision"/>.</summary>
    /// <remarks>
    /// NotFound when the deployment is gone; Conflict (and nothing written) when its revision has moved on, so a stale
    /// report never overwrites a newer one. A report is the server's observation, not a change anyone made, so it is
    /// not audited.
    /// </remarks>
    Task<Result<Deployment>> ReportDeploymentStatusAsync(ModelName name, long revision, DeploymentStatus status, CancellationToken cancellationToken);
}
