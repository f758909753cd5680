using System.Data.Common;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    private static readonly string[] DeploymentColumnNames =
    [
        "model", "target", "batching", "revision", "updated_at", "updated_by", "state", "serving_version", "desired_version",
        "reason", "reported_at", "outputs", "variants", "shadow", "sticky",
    ];

    private static readonly string[] RevisionColumnNames =
        ["model", "revision", "change", "spec", "changed_at", "changed_by", "reason", "restored_revision"];

    private static readonly string RevisionColumns = string.Join(", ", RevisionColumnNames);

    private static readonly string InsertRevisionSql =
        $"INSERT INTO deployment_revisions ({RevisionColumns}) VALUES ({string.Join(", ", RevisionColumnNames.Select(c => "@" + c))})";

    private static readonly string DeploymentColumns = string.Join(", ", DeploymentColumnNames);

    private static readonly string SaveDeploymentSql =
        $"""
        INSERT INTO deployments ({DeploymentColumns}) VALUES ({string.Join(", ", DeploymentColumnNames.Select(c => "@" + c))})
        ON CONFLICT (model) DO UPDATE SET {string.Join(", ", DeploymentColumnNames.Skip(1).Select(c => $"{c} = excluded.{c}"))}
        """;

    /// <inheritdoc />
    public Task<Result<Deployment>> SetDeploymentAsync(
        ModelName name, DeploymentSpec spec, string? reason, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync((db, now) => SetDeploymentAsync(db, now, name, spec, reason, actor, cancellationToken), null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<Deployment>> RollbackDeploymentAsync(
        ModelName name, long? toRevision, string? reason, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<Deployment>(async (db, now) =>
        {
            if (await NextDeploymentRevisionAsync(db, name.Value, cancellationToken) is not { } next)
                return StoreErrors.ModelNotFound(name.Value);
            var before = await LoadDeploymentAsync(db, name.Value, cancellationToken);
            var history = await LoadRevisionsAsync(db, name.Value, cancellationToken);
            if (!DeploymentRules.RollbackSource(name.Value, history, before?.Revision, toRevision).TryGetValue(out var source, out var error))
                return error;
            var after = DeploymentRules.Desired(name, source.Spec, next, actor.Name, now);
            var revision = DeploymentRules.Revision(
                after, next, DeploymentChange.Rollback, actor.Name, now, reason ?? DeploymentRules.RollbackReason(source.Revision), source.Revision);
            await ChangeDeploymentAsync(db, after, revision, cancellationToken);
            await AuditAsync(db, now, actor, AuditEvents.DeploymentRolledBack(before, after), cancellationToken);
            return after;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<DeploymentRevision>>> ListDeploymentRevisionsAsync(ModelName name, CancellationToken cancellationToken) =>
        ReadAsync<Result<IReadOnlyList<DeploymentRevision>>>(async db =>
        {
            var history = await LoadRevisionsAsync(db, name.Value, cancellationToken);
            if (history.Count > 0)
                return history;
            return await ModelExistsAsync(db, name.Value, cancellationToken)
                ? StoreErrors.NeverDeployed(name.Value)
                : StoreErrors.ModelNotFound(name.Value);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<Deployment>> GetDeploymentAsync(ModelName name, CancellationToken cancellationToken) =>
        ReadAsync<Result<Deployment>>(async db =>
        {
            if (await LoadDeploymentAsync(db, name.Value, cancellationToken) is { } deployment)
                return deployment;
            return await ModelExistsAsync(db, name.Value, cancellationToken)
                ? StoreErrors.NotDeployed(name.Value)
                : StoreErrors.ModelNotFound(name.Value);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync(
            $"SELECT {DeploymentColumns} FROM deployments ORDER BY model", ReadDeployment, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Result<Deployment>> RemoveDeploymentAsync(ModelName name, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<Deployment>(async (db, now) =>
        {
            if (await NextDeploymentRevisionAsync(db, name.Value, cancellationToken) is not { } next)
                return StoreErrors.ModelNotFound(name.Value);
            var removed = await db.FirstOrDefaultAsync(
                $"DELETE FROM deployments WHERE model = @model RETURNING {DeploymentColumns}", ReadDeployment, cancellationToken,
                ("model", name.Value));
            if (removed is null)
                return StoreErrors.NotDeployed(name.Value);
            await RecordRevisionAsync(db, DeploymentRules.Revision(removed, next, DeploymentChange.Remove, actor.Name, now, null), cancellationToken);
            await AuditAsync(db, now, actor, AuditEvents.DeploymentRemoved(removed), cancellationToken);
            return removed;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<Deployment>> ReportDeploymentStatusAsync(
        ModelName name, long revision, DeploymentStatus status, CancellationToken cancellationToken) =>
        WriteAsync<Deployment>(async (db, _) =>
        {
            if (!await LockModelAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            if (await LoadDeploymentAsync(db, name.Value, cancellationToken) is not { } current)
                return StoreErrors.NotDeployed(name.Value);
            if (!DeploymentRules.Report(current, revision, status).TryGetValue(out var reported, out var error))
                return error;
            return await SaveDeploymentAsync(db, reported, cancellationToken);
        }, null, cancellationToken);

    private static async Task<Result<Deployment>> SetDeploymentAsync(
        SqlSession db, DateTimeOffset now, ModelName name, DeploymentSpec spec, string? reason, Actor actor, CancellationToken cancellationToken)
    {
        if (await NextDeploymentRevisionAsync(db, name.Value, cancellationToken) is not { } next)
            return StoreErrors.ModelNotFound(name.Value);
        var before = await LoadDeploymentAsync(db, name.Value, cancellationToken);
        var after = DeploymentRules.Desired(name, spec, next, actor.Name, now);
        await ChangeDeploymentAsync(db, after, DeploymentRules.Revision(after, next, DeploymentChange.Set, actor.Name, now, reason), cancellationToken);
        await AuditAsync(db, now, actor, AuditEvents.DeploymentSet(before, after), cancellationToken);
        return after;
    }

    private static async Task<bool> LockModelAsync(SqlSession db, string model, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE models SET last_deployment_revision = last_deployment_revision WHERE name = @name", cancellationToken,
            ("name", model)) > 0;

    private static Task<long?> NextDeploymentRevisionAsync(SqlSession db, string model, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync(
            """
            UPDATE models SET last_deployment_revision = last_deployment_revision + 1 WHERE name = @name
            RETURNING last_deployment_revision
            """,
            r => (long?)r.GetInt64(0), cancellationToken, ("name", model));

    private static async Task ChangeDeploymentAsync(SqlSession db, Deployment deployment, DeploymentRevision revision, CancellationToken cancellationToken)
    {
        await SaveDeploymentAsync(db, deployment, cancellationToken);
        await RecordRevisionAsync(db, revision, cancellationToken);
    }

    private static Task RecordRevisionAsync(SqlSession db, DeploymentRevision revision, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            InsertRevisionSql, cancellationToken,
            ("model", revision.Model), ("revision", revision.Revision), ("change", ChangeText(revision.Change)), ("spec", ToJson(revision.Spec)),
            ("changed_at", revision.ChangedAt), ("changed_by", revision.ChangedBy), ("reason", revision.Reason),
            ("restored_revision", revision.RestoredRevision));

    private static Task<List<DeploymentRevision>> LoadRevisionsAsync(SqlSession db, string model, CancellationToken cancellationToken) =>
        db.QueryAsync(
            $"SELECT {RevisionColumns} FROM deployment_revisions WHERE model = @model ORDER BY revision", r => new DeploymentRevision(
                Model: r.GetString(0),
                Revision: r.GetInt64(1),
                Change: ParseChange(r.GetString(2)),
                Spec: FromJson<DeploymentSpec>(r.GetString(3)),
                ChangedAt: r.GetFieldValue<DateTimeOffset>(4),
                ChangedBy: r.GetString(5),
                Reason: NullableString(r, 6),
                RestoredRevision: r.IsDBNull(7) ? null : r.GetInt64(7)),
            cancellationToken, ("model", model));

    private static Task<Deployment?> LoadDeploymentAsync(SqlSession db, string model, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync<Deployment?>(
            $"SELECT {DeploymentColumns} FROM deployments WHERE model = @model", ReadDeployment, cancellationToken, ("model", model));

    private static async Task<Deployment> SaveDeploymentAsync(SqlSession db, Deployment deployment, CancellationToken cancellationToken)
    {
        var status = deployment.Status;
        await db.ExecuteAsync(
            SaveDeploymentSql, cancellationToken,
            ("model", deployment.Model), ("target", deployment.Target), ("batching", ToJson(deployment.Batching)),
            ("revision", deployment.Revision), ("updated_at", deployment.UpdatedAt), ("updated_by", deployment.UpdatedBy),
            ("state", StateText(status.State)), ("serving_version", status.ServingVersion), ("desired_version", status.DesiredVersion),
            ("reason", status.Reason), ("reported_at", status.ReportedAt),
            ("outputs", NullableJson(deployment.Outputs)), ("variants", NullableJson(deployment.Variants)),
            ("shadow", NullableJson(deployment.Shadow)), ("sticky", NullableJson(deployment.Sticky)));
        return deployment;
    }

    private static Deployment ReadDeployment(DbDataReader r) => new(
        Model: r.GetString(0),
        Target: r.GetString(1),
        Batching: FromJson<BatchingSettings>(r.GetString(2)),
        Revision: r.GetInt64(3),
        UpdatedAt: r.GetFieldValue<DateTimeOffset>(4),
        UpdatedBy: r.GetString(5),
        Status: new DeploymentStatus(
            State: ParseState(r.GetString(6)),
            ServingVersion: NullableInt(r, 7),
            DesiredVersion: NullableInt(r, 8),
            Reason: NullableString(r, 9),
            ReportedAt: r.GetFieldValue<DateTimeOffset>(10)),
        Outputs: NullableJson<List<string>>(r, 11),
        Variants: NullableJson<List<TrafficVariant>>(r, 12),
        Shadow: NullableJson<ShadowTraffic>(r, 13),
        Sticky: NullableJson<StickyKey>(r, 14));

    private static string? NullableJson<T>(T? value) where T : class => value is null ? null : ToJson(value);

    private static T? NullableJson<T>(DbDataReader r, int ordinal) where T : class => r.IsDBNull(ordinal) ? null : FromJson<T>(r.GetString(ordinal));

    private static string ChangeText(DeploymentChange change) => change switch
    {
        DeploymentChange.Set => "set",
        DeploymentChange.Remove => "remove",
        DeploymentChange.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "The deployment change is not one of the three the store keeps."),
    };

    private static DeploymentChange ParseChange(string text) => text switch
    {
        "set" => DeploymentChange.Set,
        "remove" => DeploymentChange.Remove,
        "rollback" => DeploymentChange.Rollback,
        _ => throw new InvalidDataException($"The stored deployment change '{text}' is not one the store writes."),
    };

    private static string StateText(DeploymentState state) => state switch
    {
        DeploymentState.Pending => "pending",
        DeploymentState.Loading => "loading",
        DeploymentState.Ready => "ready",
        DeploymentState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "The deployment state is not one of the four the store keeps."),
    };

    private static DeploymentState ParseState(string text) => text switch
    {
        "pending" => DeploymentState.Pending,
        "loading" => DeploymentState.Loading,
        "ready" => DeploymentState.Ready,
        "failed" => DeploymentState.Failed,
        _ => throw new InvalidDataException($"The stored deployment state '{text}' is not one the store writes."),
    };
}
