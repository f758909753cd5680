namespace Capstan.Registry.Stores;

/// <summary>What happened, for an audit entry: the action, what it acted on, and the state before and after.</summary>
/// <param name="Action">A dotted verb such as <c>alias.set</c>, <c>key.revoke</c> or <c>request.denied</c>.</param>
/// <param name="Target">What the action acted on, such as <c>fraud:3</c>, <c>fraud@champion</c> or <c>POST /api/v1/models/fraud/versions</c>.</param>
/// <param name="Model">The model the entry concerns, so that entries can be listed per model, or null.</param>
/// <param name="Before">The state before as JSON, or null when there was none.</param>
/// <param name="After">The state after as JSON, or null when there is none.</param>
public sealed record AuditEvent(string Action, string Target, string? Model, string? Before, string? After);
