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
        "reason", "reported_at", "outputs",
    ];

    private static readonly string DeploymentColumns = string.Join(", ", DeploymentColumnNames);

    private static readonly string SaveDeploymentSql =
        $"""
        INSERT INTO deployments ({DeploymentColumns}) VALUES ({string.Join(", ", DeploymentColumnNames.Select(c => "@" + c))})
        ON CONFLICT (model) DO UPDATE SET {string.Join(", ", DeploymentColumnNames.Skip(1).Select(c => $"{c} = excluded.{c}"))}
        """;

    /// <inheritdoc />
    public Task<Result<Deployment>> SetDeploymentAsync(
        ModelName name, ModelReference target, BatchingSettings batching, IReadOnlyList<string>? outputs, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<Deployment>(async (db, now) =>
        {
            var revision = await db.FirstOrDefaultAsync(
                """
                UPDATE models SET last_deployment_revision = last_deployment_revision + 1 WHERE name = @name
                RETURNING last_deployment_revision
                """,
                r => (long?)r.GetInt64(0), cancellationToken, ("name", name.Value));
            if (revision is not { } next)
                return StoreErrors.ModelNotFound(name.Value);
            var before = await LoadDeploymentAsync(db, name.Value, cancellationToken);
            var after = await SaveDeploymentAsync(db, DeploymentRules.Desired(name, target, batching, outputs, next, actor.Name, now), cancellationToken);
            await AuditAsync(db, now, actor, AuditEvents.DeploymentSet(before, after), cancellationToken);
            return after;
        }, null, cancellationToken);

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
            if (!await LockModelAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            var removed = await db.FirstOrDefaultAsync(
                $"DELETE FROM deployments WHERE model = @model RETURNING {DeploymentColumns}", ReadDeployment, cancellationToken,
                ("model", name.Value));
            if (removed is null)
                return StoreErrors.NotDeployed(name.Value);
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

    private static async Task<bool> LockModelAsync(SqlSession db, string model, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE models SET last_deployment_revision = last_deployment_revision WHERE name = @name", cancellationToken,
            ("name", model)) > 0;

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
            ("outputs", deployment.Outputs is null ? null : ToJson(deployment.Outputs)));
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
        Outputs: r.IsDBNull(11) ? null : FromJson<List<string>>(r.GetString(11)));

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
