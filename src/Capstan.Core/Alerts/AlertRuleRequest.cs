namespace Capstan.Core.Alerts;

/// <summary>The body that creates or replaces an alert rule; the rule's name is in the address.</summary>
/// <param name="Model">The model whose signal the rule watches.</param>
/// <param name="Signal">The signal, such as <c>error_rate</c> or <c>drift</c>; some registered signal source must provide it.</param>
/// <param name="Comparison">How the value is compared with the threshold: <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c>.</param>
/// <param name="Threshold">The value the signal is compared with.</param>
/// <param name="WindowSeconds">The span of recent data each evaluation reads the signal over; 300 when null.</param>
/// <param name="ForSeconds">How long the condition must hold before the rule fires; 0 (fire at once) when null.</param>
/// <param name="Severity">A label for the people notified, such as <c>critical</c>, or null.</param>
/// <param name="Description">What the alert means and what to do, sent with each notification, or null.</param>
/// <param name="Webhooks">Where notifications go; none when null.</param>
public sealed record AlertRuleRequest(
    string? Model,
    string? Signal,
    string? Comparison,
    double? Threshold,
    long? WindowSeconds = null,
    long? ForSeconds = null,
    string? Severity = null,
    string? Description = null,
    IReadOnlyList<AlertWebhook?>? Webhooks = null);
