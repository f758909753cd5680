using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

public sealed partial class InMemoryRegistryStore
{
    private readonly SortedDictionary<string, AlertRecord> _alerts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<Result<AlertRule>> SetAlertRuleAsync(AlertRule rule, Actor actor, CancellationToken cancellationToken) =>
        Locked<AlertRule>(() =>
        {
            if (!_models.ContainsKey(rule.Model))
                return StoreErrors.ModelNotFound(rule.Model);
            var now = StoreClock.Now(_time);
            var after = rule with { UpdatedAt = now, UpdatedBy = actor.Name };
            var before = _alerts.GetValueOrDefault(rule.Name);
            var previous = before?.Rule;
            if (before is null)
                _alerts.Add(rule.Name, new AlertRecord(after, AlertStatus.New));
            else
            {
                before.Rule = after;
                before.Status = before.Status with { Revision = before.Status.Revision + 1 };
            }
            return Audited(after, actor, now, set => AuditEvents.AlertRuleSet(previous, set));
        });

    /// <inheritdoc />
    public Task<Result<AlertRule>> DeleteAlertRuleAsync(string name, Actor actor, CancellationToken cancellationToken) =>
        Locked<AlertRule>(() => _alerts.Remove(name, out var deleted)
            ? Audited(deleted.Rule, actor, StoreClock.Now(_time), AuditEvents.AlertRuleDeleted)
            : StoreErrors.AlertRuleNotFound(name));

    /// <inheritdoc />
    public Task<Result<Alert>> GetAlertAsync(string name, CancellationToken cancellationToken) =>
        Locked<Alert>(() => _alerts.TryGetValue(name, out var record) ? record.Alert() : StoreErrors.AlertRuleNotFound(name));

    /// <inheritdoc />
    public Task<IReadOnlyList<Alert>> ListAlertsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<Alert>>(_alerts.Values.Select(a => a.Alert()).ToList());
    }

    /// <inheritdoc />
    public Task<Result<AlertStatus>> SaveAlertStatusAsync(
        string name, long expectedRevision, AlertStatus status, AlertTransition? transition, CancellationToken cancellationToken) =>
        Locked<AlertStatus>(() =>
        {
            if (!_alerts.TryGetValue(name, out var record))
                return StoreErrors.AlertRuleNotFound(name);
            if (record.Status.Revision != expectedRevision)
                return StoreErrors.StaleAlert(name, expectedRevision, record.Status.Revision);
            record.Status = AlertRecords.Stored(status, expectedRevision + 1);
            if (transition is not null)
                record.History.Add(AlertRecords.Stored(transition));
            return record.Status;
        });

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<AlertTransition>>> GetAlertHistoryAsync(string name, int limit, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<AlertTransition>>(() => _alerts.TryGetValue(name, out var record)
            ? Enumerable.Reverse(record.History).Take(limit).ToList()
            : StoreErrors.AlertRuleNotFound(name));

    private sealed class AlertRecord(AlertRule rule, AlertStatus status)
    {
        public AlertRule Rule { get; set; } = rule;

        public AlertStatus Status { get; set; } = status;

        public List<AlertTransition> History { get; } = [];

        public Alert Alert() => new(Rule, Status);
    }
}
