namespace Capstan.Core.Registry;

/// <summary>What the reconciling server last reported about a deployment.</summary>
/// <param name="State">Where the deployment stands.</param>
/// <param name="ServingVersion">The version that answers requests now, if any.</param>
/// <param name="DesiredVersion">The version the target resolved to when last reconciled.</param>
/// <param name="Reason">Why it failed, or what it waits for.</param>
/// <param name="ReportedAt">When this status was reported.</param>
public sealed record DeploymentStatus(
    DeploymentState State,
    int? ServingVersion,
    int? DesiredVersion,
    string? Reason,
    DateTimeOffset ReportedAt);
