namespace Capstan.Core.Registry;

/// <summary>The body that deploys a model: what to serve and how to batch it.</summary>
/// <param name="Target">A reference of the deployed model: <c>name:N</c>, <c>name@alias</c> or <c>name</c>.</param>
/// <param name="Batching">Batching settings; the defaults when null.</param>
/// <param name="Outputs">The outputs to expose, such as just the probability of a converted model that also copies its inputs out; null for all.</param>
/// <param name="Variants">The versions that take live traffic with weights adding up to 100, the stable one (<paramref name="Target"/>) first; null for <paramref name="Target"/> alone.</param>
/// <param name="Shadow">A version to copy a share of the requests to, or null.</param>
/// <param name="Sticky">Where requests carry their sticky key, or null.</param>
/// <param name="Reason">Why the change is made, kept in the deployment's history, or null.</param>
public sealed record DeploymentRequest(
    string Target,
    BatchingSettings? Batching = null,
    IReadOnlyList<string>? Outputs = null,
    IReadOnlyList<TrafficVariant>? Variants = null,
    ShadowTraffic? Shadow = null,
    StickyKey? Sticky = null,
    string? Reason = null);
