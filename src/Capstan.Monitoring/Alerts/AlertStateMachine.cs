using Capstan.Core.Alerts;

namespace Capstan.Monitoring.Alerts;

/// <summary>Moves an alert rule's state by one evaluation: inactive to pending to firing while its condition holds, and back when it stops.</summary>
/// <remarks>
/// A condition that holds moves an inactive rule to pending, or straight to firing when its for-duration is 0; a pending
/// rule fires once the condition has held for the for-duration. A condition that does not hold resolves a firing rule
/// and cancels a pending one. An evaluation without data keeps the state and the last value, and notes why.
/// </remarks>
public static class AlertStateMachine
{
    /// <summary>The state after an evaluation at <paramref name="now"/> that read <paramref name="value"/> (null with <paramref name="note"/> when it had no data), and the transition it made, if any.</summary>
    public static (AlertStatus Next, AlertTransition? Transition) Next(AlertRule rule, AlertStatus current, double? value, string? note, DateTimeOffset now)
    {
        if (value is not { } read)
            return (current with { EvaluatedAt = now, Note = note ?? "no data" }, null);
        var evaluated = current with { Value = read, EvaluatedAt = now, Note = null };
        var holds = rule.Holds(read);
        var change = (current.State, holds) switch
        {
            (AlertState.Inactive, true) => rule.ForSeconds == 0 ? AlertChange.Firing : AlertChange.Pending,
            (AlertState.Pending, true) when now - (current.Since ?? now) >= rule.For => AlertChange.Firing,
            (AlertState.Pending, false) => AlertChange.Cancelled,
            (AlertState.Firing, false) => AlertChange.Resolved,
            _ => (AlertChange?)null,
        };
        if (change is not { } made)
            return (evaluated, null);
        var state = made switch
        {
            AlertChange.Pending => AlertState.Pending,
            AlertChange.Firing => AlertState.Firing,
            _ => AlertState.Inactive,
        };
        return (evaluated with { State = state, Since = now }, new AlertTransition(rule.Name, made, now, read));
    }
}
