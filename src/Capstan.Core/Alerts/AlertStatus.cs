namespace Capstan.Core.Alerts;

/// <summary>An alert rule's current state, as its last evaluation left it.</summary>
/// <param name="State">Inactive, pending or firing.</param>
/// <param name="Since">When the rule entered <paramref name="State"/>; null while it has never left inactive.</param>
/// <param name="Value">The signal's value at the last evaluation that had data, or null.</param>
/// <param name="EvaluatedAt">When the rule was last evaluated, or null before the first evaluation.</param>
/// <param name="Note">Why the last evaluation could not read the signal (no data, a failing source), or null when it could.</param>
/// <param name="Revision">Raised by every change, starting at 1, so that of several evaluators exactly one makes each transition.</param>
public sealed record AlertStatus(AlertState State, DateTimeOffset? Since, double? Value, DateTimeOffset? EvaluatedAt, string? Note, long Revision)
{
    /// <summary>The status of a rule just created: inactive, never evaluated, at revision 1.</summary>
    public static AlertStatus New { get; } = new(AlertState.Inactive, null, null, null, null, 1);
}
