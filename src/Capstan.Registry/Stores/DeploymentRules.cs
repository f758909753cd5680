using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;

namespace Capstan.Registry.Stores;

/// <summary>What every store decides the same way about deployments, so that each implementation only stores and loads them.</summary>
internal static class DeploymentRules
{
    /// <summary>A new or replacing deployment of <paramref name="spec"/> at <paramref name="revision"/>, pending until a server reports on it.</summary>
    /// <exception cref="ArgumentException">A target does not parse or names another model, which is a bug in the caller.</exception>
    public static Deployment Desired(ModelName name, DeploymentSpec spec, long revision, string actor, DateTimeOffset now)
    {
        var targets = new[] { spec.Target, spec.Shadow?.Target }.Concat(spec.Variants?.Select(v => v.Target) ?? []).OfType<string>();
        foreach (var target in targets)
        {
            if (!ModelReference.Parse(target).TryGetValue(out var reference, out _) || reference.Name != name)
                throw new ArgumentException($"The deployment of '{name}' cannot target '{target}'.", nameof(spec));
        }
        return new Deployment(
            name.Value, spec.Target, spec.Batching, revision, now, actor, new DeploymentStatus(DeploymentState.Pending, null, null, null, now),
            spec.Outputs?.ToList(), spec.Variants?.ToList(), spec.Shadow, spec.Sticky);
    }

    /// <summary>The revision that records <paramref name="change"/> of <paramref name="deployment"/> at <paramref name="revision"/>.</summary>
    public static DeploymentRevision Revision(
        Deployment deployment, long revision, DeploymentChange change, string actor, DateTimeOffset now, string? reason, long? restored = null) =>
        new(deployment.Model, revision, change, DeploymentSpec.Of(deployment), now, actor, reason, restored);

    /// <summary>The revision a rollback applies again: <paramref name="to"/>, or the newest one that deployed something before the latest change.</summary>
    /// <param name="model">The model.</param>
    /// <param name="history">Every revision of the deployment, oldest first.</param>
    /// <param name="current">The revision of the current deployment, or null when the model is not deployed.</param>
    /// <param name="to">The revision asked for, or null for the previous one.</param>
    public static Result<DeploymentRevision> RollbackSource(string model, IReadOnlyList<DeploymentRevision> history, long? current, long? to)
    {
        if (history.Count == 0)
            return StoreErrors.NeverDeployed(model);
        if (to is not { } wanted)
            return history.LastOrDefault(r => r.Revision < history[^1].Revision && r.Change != DeploymentChange.Remove) is { } previous
                ? previous
                : Error.Conflict($"The deployment of '{model}' has no earlier revision to roll back to.");
        if (history.FirstOrDefault(r => r.Revision == wanted) is not { } source)
            return Error.NotFound($"The deployment of '{model}' has no revision {wanted}.");
        if (source.Change == DeploymentChange.Remove)
            return Error.InvalidInput($"Revision {wanted} of '{model}' undeployed it; roll back to a revision that deployed it.");
        return current == wanted ? Error.Conflict($"The deployment of '{model}' is already at revision {wanted}.") : source;
    }

    /// <summary>The reason a rollback records when none is given.</summary>
    public static string RollbackReason(long revision) => $"rollback to revision {revision}";

    /// <summary>The deployment with <paramref name="status"/> recorded, or Conflict when <paramref name="revision"/> is not its current one.</summary>
    public static Result<Deployment> Report(Deployment current, long revision, DeploymentStatus status) =>
        current.Revision == revision
            ? current with { Status = status with { ReportedAt = StoreClock.Normalize(status.ReportedAt) } }
            : StoreErrors.StaleReport(current.Model, revision, current.Revision);

    /// <summary>Why <paramref name="deployment"/> keeps <paramref name="version"/> of its model from being deleted, or null when it does not.</summary>
    /// <remarks>It does when a live variant or the shadow targets exactly that version (<c>name:N</c>), or when it reports serving it.</remarks>
    public static Error? BlocksDelete(Deployment deployment, int version)
    {
        var pinned = $"{deployment.Model}:{version}";
        if (deployment.LiveVariants.Any(v => v.Target == pinned) || deployment.Shadow?.Target == pinned)
            return StoreErrors.DeletePinned(deployment.Model, version);
        return deployment.Status.ServingVersion == version ? StoreErrors.DeleteServing(deployment.Model, version) : null;
    }
}
