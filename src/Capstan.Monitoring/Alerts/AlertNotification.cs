using Capstan.Core.Alerts;

namespace Capstan.Monitoring.Alerts;

/// <summary>One transition of an alert rule, as listeners receive it: the rule, the transition, and the state before and after.</summary>
/// <param name="Rule">The rule as it was evaluated.</param>
/// <param name="Transition">What changed, when, and the value that changed it.</param>
/// <param name="Previous">The state before the transition.</param>
/// <param name="Current">The state after it, as stored.</param>
public sealed record AlertNotification(AlertRule Rule, AlertTransition Transition, AlertStatus Previous, AlertStatus Current)
{
    /// <summary>When the episode this transition belongs to began: for firing, when the condition began to hold; for resolved, when the rule began firing; else the transition's time.</summary>
    public DateTimeOffset Since => Transition.Change switch
    {
        AlertChange.Firing when Previous.State == AlertState.Pending && Previous.Since is { } pending => pending,
        AlertChange.Resolved when Previous.Since is { } firing => firing,
        _ => Transition.At,
    };
}
