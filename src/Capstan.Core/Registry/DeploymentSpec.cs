namespace Capstan.Core.Registry;

/// <summary>What a deployment serves and how, without who changed it or what a server reported: the part a revision keeps and an apply compares.</summary>
/// <remarks>Two specs are equal when every field is, the lists compared item by item in order.</remarks>
/// <param name="Target">The stable target: <c>name:N</c>, <c>name@alias</c> or <c>name</c>.</param>
/// <param name="Batching">How requests are queued and batched.</param>
/// <param name="Outputs">The outputs the deployment exposes, or null for all.</param>
/// <param name="Variants">The versions that take live traffic with their weights, <paramref name="Target"/> first, or null for <paramref name="Target"/> alone.</param>
/// <param name="Shadow">The version that gets a copy of a share of the requests, or null.</param>
/// <param name="Sticky">Where requests carry their sticky key, or null.</param>
public sealed record DeploymentSpec(
    string Target,
    BatchingSettings Batching,
    IReadOnlyList<string>? Outputs = null,
    IReadOnlyList<TrafficVariant>? Variants = null,
    ShadowTraffic? Shadow = null,
    StickyKey? Sticky = null)
{
    /// <summary>The spec of <paramref name="deployment"/>.</summary>
    public static DeploymentSpec Of(Deployment deployment) =>
        new(deployment.Target, deployment.Batching, deployment.Outputs, deployment.Variants, deployment.Shadow, deployment.Sticky);

    /// <summary>Whether <paramref name="other"/> serves the same targets with the same weights, shadow, sticky key, batching and outputs.</summary>
    public bool Equals(DeploymentSpec? other) =>
        other is not null && Target == other.Target && Batching == other.Batching && Shadow == other.Shadow && Sticky == other.Sticky
        && SameItems(Outputs, other.Outputs) && SameItems(Variants, other.Variants);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Target, Batching, Shadow, Sticky, Outputs?.Count, Variants?.Count);

    private static bool SameItems<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right) =>
        left is null || right is null ? left is null && right is null : left.SequenceEqual(right);
}
