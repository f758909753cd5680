using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;

namespace Capstan.Registry.Stores;

/// <summary>What every store decides the same way about deployments, so that each implementation only stores and loads them.</summary>
internal static class DeploymentRules
{
    /// <summary>A new or replacing deployment at <paramref name="revision"/>, pending until a server reports on it.</summary>
    /// <exception cref="ArgumentException">The target names another model, which is a bug in the caller.</exception>
    public static Deployment Desired(
        ModelName name, ModelReference target, BatchingSettings batching, IReadOnlyList<string>? outputs, long revision, string actor, DateTimeOffset now)
    {
        if (target.Name != name)
            throw new ArgumentException($"The deployment of '{name}' cannot target another model ('{target}').", nameof(target));
        return new Deployment(
            name.Value, target.ToString(), batching, revision, now, actor, new DeploymentStatus(DeploymentState.Pending, null, null, null, now),
            outputs?.ToList());
    }

    /// <summary>The deployment with <paramref name="status"/> recorded, or Conflict when <paramref name="revision"/> is not its current one.</summary>
    public static Result<Deployment> Report(Deployment current, long revision, DeploymentStatus status) =>
        current.Revision == revision
            ? current with { Status = status with { ReportedAt = StoreClock.Normalize(status.ReportedAt) } }
            : StoreErrors.StaleReport(current.Model, revision, current.Revision);

    /// <summary>Why <paramref name="deployment"/> keeps <paramref name="version"/> of its model from being deleted, or null when it does not.</summary>
    /// <remarks>It does when it targets exactly that version (<c>name:N</c>) or reports serving it.</remarks>
    public static Error? BlocksDelete(Deployment deployment, int version)
    {
        if (deployment.Target == $"{deployment.Model}:{version}")
            return StoreErrors.DeletePinned(deployment.Model, version);
        return deployment.Status.ServingVersion == version ? StoreErrors.DeleteServing(deployment.Model, version) : null;
    }
}
