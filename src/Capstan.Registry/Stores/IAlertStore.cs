using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The registry's alert rules, each with its current state and its history of transitions.</summary>
/// <remarks>
/// Each method is one transaction. Rules are written by people (audited as <c>alert.rule.set</c> and
/// <c>alert.rule.delete</c>); states are written by evaluators, which are not audited, since the history records every
/// transition. A state save checks the revision it replaces and replacing a rule raises that revision too, so that with
/// several server replicas on one database exactly one of them makes each transition (and sends its notification), and
/// none saves a state computed from a rule that changed meanwhile. Safe to call concurrently from many threads and processes.
/// </remarks>
public interface IAlertStore
{
    /// <summary>Creates the rule <see cref="AlertRule.Name"/>, or replaces it keeping its state and history; NotFound when its model does not exist.</summary>
    /// <remarks>The stored rule's <see cref="AlertRule.UpdatedAt"/> and <see cref="AlertRule.UpdatedBy"/> are now and <paramref name="actor"/>; a new rule starts inactive at revision 1, a replaced one's revision rises.</remarks>
    Task<Result<AlertRule>> SetAlertRuleAsync(AlertRule rule, Actor actor, CancellationToken cancellationToken);

    /// <summary>Deletes a rule with its state and history; NotFound when there is none.</summary>
    /// <returns>The deleted rule.</returns>
    Task<Result<AlertRule>> DeleteAlertRuleAsync(string name, Actor actor, CancellationToken cancellationToken);

    /// <summary>Gets a rule with its state; NotFound when there is none.</summary>
    Task<Result<Alert>> GetAlertAsync(string name, CancellationToken cancellationToken);

    /// <summary>Lists every rule with its state, by name.</summary>
    Task<IReadOnlyList<Alert>> ListAlertsAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="status"/> as the rule's state in place of the one at <paramref name="expectedRevision"/>, and appends <paramref name="transition"/> to its history when given.</summary>
    /// <remarks>Conflict (and nothing written) when the stored state is at another revision; NotFound when the rule is gone. The stored state gets the next revision, whatever <paramref name="status"/> says.</remarks>
    Task<Result<AlertStatus>> SaveAlertStatusAsync(
        string name, long expectedRevision, AlertStatus status, AlertTransition? transition, CancellationToken cancellationToken);

    /// <summary>Lists a rule's latest transitions, newest first, at most <paramref name="limit"/>; NotFound when there is no such rule.</summary>
    Task<Result<IReadOnlyList<AlertTransition>>> GetAlertHistoryAsync(string name, int limit, CancellationToken cancellationToken);
}
