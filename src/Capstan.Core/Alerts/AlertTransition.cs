namespace Capstan.Core.Alerts;

/// <summary>One entry of an alert rule's history: a transition, when it happened and the value that caused it.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Change">Pending, firing, resolved or cancelled.</param>
/// <param name="At">When the evaluator made it.</param>
/// <param name="Value">The signal's value at that evaluation.</param>
public sealed record AlertTransition(string Rule, AlertChange Change, DateTimeOffset At, double Value);
