namespace Capstan.Core.Registry;

/// <summary>One change of a deployment, kept for good: who made it, when, why, and the whole spec it left in place.</summary>
/// <param name="Model">The deployed model.</param>
/// <param name="Revision">The deployment revision the change made.</param>
/// <param name="Change">Whether it set, removed or rolled back the deployment.</param>
/// <param name="Spec">The spec the change put in place; for a removal, the spec it stopped serving.</param>
/// <param name="ChangedAt">When.</param>
/// <param name="ChangedBy">Who.</param>
/// <param name="Reason">Why, as the person gave it or as a rollback words it; null when no reason was given.</param>
/// <param name="RestoredRevision">For a rollback, the revision whose spec it applied again; otherwise null.</param>
public sealed record DeploymentRevision(
    string Model,
    long Revision,
    DeploymentChange Change,
    DeploymentSpec Spec,
    DateTimeOffset ChangedAt,
    string ChangedBy,
    string? Reason,
    long? RestoredRevision = null);
