using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Security;
using Capstan.Monitoring.Signals;
using Capstan.Registry.Stores;

namespace Capstan.Monitoring.Alerts;

/// <summary>Creates, replaces, deletes and lists alert rules and reads their history, checking each rule before it is stored.</summary>
/// <param name="store">Where rules, states and history live.</param>
/// <param name="sources">Every registered signal source; a rule's signal must be one of theirs.</param>
public sealed class AlertService(IAlertStore store, IEnumerable<ISignalSource> sources)
{
    private readonly ISignalSource[] _sources = [.. sources];

    /// <summary>Creates or replaces the rule <paramref name="name"/>; InvalidInput for a bad rule or a signal no source provides, NotFound for an unknown model.</summary>
    public async Task<Result<AlertRule>> SetRuleAsync(string? name, AlertRuleRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        if (!AlertRules.Check(name, request).TryGetValue(out var rule, out var error))
            return error;
        if (!_sources.Any(s => s.Provides(rule.Signal)))
            return Error.InvalidInput($"No signal source provides '{rule.Signal}'; the serving signals are {string.Join(", ", ServingSignals.All)}.");
        return await store.SetAlertRuleAsync(rule, actor, cancellationToken);
    }

    /// <summary>Gets a rule with its state.</summary>
    public async Task<Result<Alert>> GetAsync(string? name, CancellationToken cancellationToken) =>
        NameRules.Check(name, "alert rule name").TryGetValue(out var checkedName, out var error)
            ? await store.GetAlertAsync(checkedName, cancellationToken)
            : error;

    /// <summary>Lists every rule with its state, by name.</summary>
    public Task<IReadOnlyList<Alert>> ListAsync(CancellationToken cancellationToken) => store.ListAlertsAsync(cancellationToken);

    /// <summary>Deletes a rule with its state and history.</summary>
    public async Task<Result<AlertRule>> DeleteRuleAsync(string? name, Actor actor, CancellationToken cancellationToken) =>
        NameRules.Check(name, "alert rule name").TryGetValue(out var checkedName, out var error)
            ? await store.DeleteAlertRuleAsync(checkedName, actor, cancellationToken)
            : error;

    /// <summary>Lists a rule's latest transitions, newest first: 100 unless <paramref name="limit"/> says otherwise (at most 1,000).</summary>
    public async Task<Result<IReadOnlyList<AlertTransition>>> GetHistoryAsync(string? name, int? limit, CancellationToken cancellationToken)
    {
        if (!NameRules.Check(name, "alert rule name").TryGetValue(out var checkedName, out var error)
            || !AlertRules.HistoryLimit(limit).TryGetValue(out var count, out error))
            return error;
        return await store.GetAlertHistoryAsync(checkedName, count, cancellationToken);
    }
}
