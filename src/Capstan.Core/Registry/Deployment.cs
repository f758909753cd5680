namespace Capstan.Core.Registry;

/// <summary>A model's deployment: the desired state that makes it answer inference requests under its own name.</summary>
/// <param name="Model">The model, which is also the serving name.</param>
/// <param name="Target">What to serve: <c>name:N</c> for a fixed version, <c>name@alias</c> to follow an alias, or <c>name</c> for the latest version.</param>
/// <param name="Batching">How requests are queued and batched.</param>
/// <param name="Revision">Raised by every change of the desired state, starting at 1.</param>
/// <param name="UpdatedAt">When the desired state last changed.</param>
/// <param name="UpdatedBy">Who changed it.</param>
/// <param name="Status">What the reconciling server last reported.</param>
/// <param name="Outputs">The outputs the deployment exposes, as Triton's model configuration lists them: requests may ask only for these, and get these when they name none; null exposes every output of the model.</param>
/// <param name="Variants">The versions that take live traffic with their weights, the stable one (<paramref name="Target"/>) first; null for <paramref name="Target"/> alone at 100%.</param>
/// <param name="Shadow">The version that gets a copy of a share of the requests, or null.</param>
/// <param name="Sticky">Where requests carry the key that keeps them on one variant, or null for weighted random routing.</param>
public sealed record Deployment(
    string Model,
    string Target,
    BatchingSettings Batching,
    long Revision,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    DeploymentStatus Status,
    IReadOnlyList<string>? Outputs = null,
    IReadOnlyList<TrafficVariant>? Variants = null,
    ShadowTraffic? Shadow = null,
    StickyKey? Sticky = null)
{
    /// <summary>The variants that take live traffic: <see cref="Variants"/>, or <see cref="Target"/> alone at 100%.</summary>
    public IReadOnlyList<TrafficVariant> LiveVariants => Variants ?? [new TrafficVariant(Target, 100)];
}
