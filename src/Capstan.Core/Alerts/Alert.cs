namespace Capstan.Core.Alerts;

/// <summary>An alert rule with its current state, as <c>GET /api/v1/alerts</c> lists them.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Status">Where it stands.</param>
public sealed record Alert(AlertRule Rule, AlertStatus Status);
