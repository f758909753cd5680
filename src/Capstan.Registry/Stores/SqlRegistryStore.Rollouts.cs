using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    /// <inheritdoc />
    public Task<Result<Rollout>> GetRolloutAsync(ModelName name, CancellationToken cancellationToken) =>
        ReadAsync<Result<Rollout>>(async db =>
        {
            if (await LoadRolloutAsync(db, name.Value, cancellationToken) is { } rollout)
                return rollout;
            return await ModelExistsAsync(db, name.Value, cancellationToken) ? StoreErrors.NoRollout(name.Value) : StoreErrors.ModelNotFound(name.Value);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Rollout>> ListActiveRolloutsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync(
            "SELECT rollout FROM rollouts WHERE state IN ('progressing', 'paused') ORDER BY model", r => FromJson<Rollout>(r.GetString(0)),
            cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Result<Rollout>> SaveRolloutAsync(
        Rollout rollout, long expectedRevision, DeploymentSpec? traffic, string? reason, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<Rollout>(async (db, now) =>
        {
            var name = ModelName.Parse(rollout.Model).Value;
            if (!await LockModelAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            var before = await LoadRolloutAsync(db, name.Value, cancellationToken);
            long? deploymentRevision = null;
            if (traffic is not null)
            {
                if (!(await SetDeploymentAsync(db, now, name, traffic, reason, actor, cancellationToken)).TryGetValue(out var deployment, out var error))
                    return error;
                deploymentRevision = deployment.Revision;
            }
            if (!RolloutRecords.Next(rollout, before, expectedRevision, deploymentRevision).TryGetValue(out var after, out var stale))
                return stale;
            await db.ExecuteAsync(
                """
                INSERT INTO rollouts (model, revision, state, rollout, updated_at) VALUES (@model, @revision, @state, @rollout, @now)
                ON CONFLICT (model) DO UPDATE
                SET revision = excluded.revision, state = excluded.state, rollout = excluded.rollout, updated_at = excluded.updated_at
                """,
                cancellationToken, ("model", after.Model), ("revision", after.Revision), ("state", ToJson(after.State).Trim('"')),
                ("rollout", ToJson(after)), ("now", now));
            await AuditAsync(db, now, actor, AuditEvents.RolloutSaved(before, after), cancellationToken);
            return after;
        }, null, cancellationToken);

    private static Task<Rollout?> LoadRolloutAsync(SqlSession db, string model, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync<Rollout?>(
            "SELECT rollout FROM rollouts WHERE model = @model", r => FromJson<Rollout>(r.GetString(0)), cancellationToken, ("model", model));
}
