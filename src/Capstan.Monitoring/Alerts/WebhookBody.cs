namespace Capstan.Monitoring.Alerts;

/// <summary>The JSON body posted to a webhook of format <c>json</c> when an alert fires or resolves.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Model">The model it watches.</param>
/// <param name="Signal">The signal it reads.</param>
/// <param name="State"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Value">The signal's value at the transition.</param>
/// <param name="Comparison">The rule's operator: <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c>.</param>
/// <param name="Threshold">The rule's threshold.</param>
/// <param name="Since">When firing: when the condition began to hold; when resolved: when the rule began firing.</param>
/// <param name="At">When the transition happened.</param>
/// <param name="Severity">The rule's severity, or null.</param>
/// <param name="Description">The rule's description, or null.</param>
public sealed record WebhookBody(
    string Rule, string Model, string Signal, string State, double Value, string Comparison, double Threshold, DateTimeOffset Since,
    DateTimeOffset At, string? Severity, string? Description);
