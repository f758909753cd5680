using System.Data.Common;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    private const string AlertColumns = "rule, state, since, value, evaluated_at, note, revision";

    /// <inheritdoc />
    public Task<Result<AlertRule>> SetAlertRuleAsync(AlertRule rule, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<AlertRule>(async (db, now) =>
        {
            if (!await LockModelAsync(db, rule.Model, cancellationToken))
                return StoreErrors.ModelNotFound(rule.Model);
            await db.ExecuteAsync("UPDATE alert_rules SET revision = revision WHERE name = @name", cancellationToken, ("name", rule.Name));
            var before = await LoadAlertAsync(db, rule.Name, cancellationToken);
            var after = rule with { UpdatedAt = now, UpdatedBy = actor.Name };
            await db.ExecuteAsync(
                """
                INSERT INTO alert_rules (name, model, rule, state, revision) VALUES (@name, @model, @rule, @state, 1)
                ON CONFLICT (name) DO UPDATE SET model = excluded.model, rule = excluded.rule, revision = alert_rules.revision + 1
                """,
                cancellationToken, ("name", after.Name), ("model", after.Model), ("rule", ToJson(after)), ("state", Text(AlertState.Inactive)));
            await AuditAsync(db, now, actor, AuditEvents.AlertRuleSet(before?.Rule, after), cancellationToken);
            return after;
        }, StoreErrors.ModelNotFound(rule.Model), cancellationToken);

    /// <inheritdoc />
    public Task<Result<AlertRule>> DeleteAlertRuleAsync(string name, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<AlertRule>(async (db, now) =>
        {
            var deleted = await db.FirstOrDefaultAsync(
                "DELETE FROM alert_rules WHERE name = @name RETURNING rule", r => FromJson<AlertRule>(r.GetString(0)), cancellationToken, ("name", name));
            if (deleted is null)
                return StoreErrors.AlertRuleNotFound(name);
            await AuditAsync(db, now, actor, AuditEvents.AlertRuleDeleted(deleted), cancellationToken);
            return deleted;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<Alert>> GetAlertAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync<Result<Alert>>(async db => await LoadAlertAsync(db, name, cancellationToken) is { } alert ? alert : StoreErrors.AlertRuleNotFound(name), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Alert>> ListAlertsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync($"SELECT {AlertColumns} FROM alert_rules ORDER BY name", ReadAlert, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Result<AlertStatus>> SaveAlertStatusAsync(
        string name, long expectedRevision, AlertStatus status, AlertTransition? transition, CancellationToken cancellationToken) =>
        WriteAsync<AlertStatus>(async (db, _) =>
        {
            var stored = AlertRecords.Stored(status, expectedRevision + 1);
            var saved = await db.ExecuteAsync(
                """
                UPDATE alert_rules SET state = @state, since = @since, value = @value, evaluated_at = @evaluated_at, note = @note, revision = revision + 1
                WHERE name = @name AND revision = @expected
                """,
                cancellationToken, ("name", name), ("expected", expectedRevision), ("state", Text(stored.State)), ("since", stored.Since),
                ("value", stored.Value), ("evaluated_at", stored.EvaluatedAt), ("note", stored.Note));
            if (saved == 0)
            {
                var current = await db.FirstOrDefaultAsync<long?>(
                    "SELECT revision FROM alert_rules WHERE name = @name", r => r.GetInt64(0), cancellationToken, ("name", name));
                return current is { } revision ? StoreErrors.StaleAlert(name, expectedRevision, revision) : StoreErrors.AlertRuleNotFound(name);
            }
            if (transition is not null)
                await db.ExecuteAsync(
                    "INSERT INTO alert_history (rule, change, at, value) VALUES (@rule, @change, @at, @value)", cancellationToken,
                    ("rule", name), ("change", Text(transition.Change)), ("at", AlertRecords.Stored(transition).At), ("value", transition.Value));
            return stored;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<AlertTransition>>> GetAlertHistoryAsync(string name, int limit, CancellationToken cancellationToken) =>
        ReadAsync<Result<IReadOnlyList<AlertTransition>>>(async db =>
        {
            if (!await db.FirstOrDefaultAsync("SELECT 1 FROM alert_rules WHERE name = @name", _ => true, cancellationToken, ("name", name)))
                return StoreErrors.AlertRuleNotFound(name);
            return await db.QueryAsync(
                "SELECT change, at, value FROM alert_history WHERE rule = @name ORDER BY id DESC LIMIT @limit",
                r => new AlertTransition(name, FromText<AlertChange>(r.GetString(0)), r.GetFieldValue<DateTimeOffset>(1), r.GetDouble(2)),
                cancellationToken, ("name", name), ("limit", limit));
        }, cancellationToken);

    private static Task<Alert?> LoadAlertAsync(SqlSession db, string name, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync<Alert?>($"SELECT {AlertColumns} FROM alert_rules WHERE name = @name", ReadAlert, cancellationToken, ("name", name));

    private static Alert ReadAlert(DbDataReader r) => new(
        FromJson<AlertRule>(r.GetString(0)),
        new AlertStatus(
            FromText<AlertState>(r.GetString(1)),
            r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2),
            r.IsDBNull(3) ? null : r.GetDouble(3),
            r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4),
            NullableString(r, 5),
            r.GetInt64(6)));

    private static string Text<T>(T value) where T : struct, Enum => ToJson(value).Trim('"');

    private static T FromText<T>(string text) where T : struct, Enum => FromJson<T>($"\"{text}\"");
}
