using System.Data.Common;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    private const string PipelineColumns = "name, model, spec, spec_hash, revision, updated_at, updated_by, code_commit";

    /// <inheritdoc />
    public Task<Result<PipelineInfo>> SetPipelineAsync(string name, string model, string spec, string specHash, string? codeCommit, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<PipelineInfo>(async (db, now) =>
        {
            await db.ExecuteAsync("UPDATE pipelines SET revision = revision WHERE name = @name", cancellationToken, ("name", name));
            var before = await LoadPipelineAsync(db, name, cancellationToken);
            var after = new PipelineInfo(name, model, spec, specHash, (before?.Revision ?? 0) + 1, now, actor.Name, codeCommit);
            await db.ExecuteAsync(
                """
                INSERT INTO pipelines (name, model, spec, spec_hash, revision, updated_at, updated_by, code_commit)
                VALUES (@name, @model, @spec, @hash, @revision, @now, @actor, @commit)
                ON CONFLICT (name) DO UPDATE SET model = excluded.model, spec = excluded.spec, spec_hash = excluded.spec_hash,
                    revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by, code_commit = excluded.code_commit
                """,
                cancellationToken, ("name", name), ("model", model), ("spec", spec), ("hash", specHash), ("revision", after.Revision), ("now", now),
                ("actor", actor.Name), ("commit", codeCommit));
            await AuditAsync(db, now, actor, AuditEvents.PipelineSet(before, after), cancellationToken);
            return after;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<PipelineInfo>> DeletePipelineAsync(string name, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<PipelineInfo>(async (db, now) =>
        {
            await db.ExecuteAsync("UPDATE pipelines SET revision = revision WHERE name = @name", cancellationToken, ("name", name));
            if (await LoadPipelineAsync(db, name, cancellationToken) is not { } deleted)
                return StoreErrors.PipelineNotFound(name);
            var active = await db.FirstOrDefaultAsync<string?>(
                "SELECT id FROM pipeline_runs WHERE pipeline = @name AND status IN ('queued', 'running') ORDER BY queued_at LIMIT 1",
                r => r.GetString(0), cancellationToken, ("name", name));
            if (active is not null)
                return StoreErrors.PipelineBusy(name, active);
            await db.ExecuteAsync("DELETE FROM pipelines WHERE name = @name", cancellationToken, ("name", name));
            await AuditAsync(db, now, actor, AuditEvents.PipelineDeleted(deleted), cancellationToken);
            return deleted;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<PipelineInfo>> GetPipelineAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync<Result<PipelineInfo>>(async db =>
            await LoadPipelineAsync(db, name, cancellationToken) is { } pipeline ? pipeline : StoreErrors.PipelineNotFound(name), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<PipelineInfo>> ListPipelinesAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync($"SELECT {PipelineColumns} FROM pipelines ORDER BY name", ReadPipeline, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Result<PipelineRun>> AddRunAsync(PipelineRun run, string? triggerKey, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<PipelineRun>(async (db, now) =>
        {
            if (!await db.FirstOrDefaultAsync("SELECT 1 FROM pipelines WHERE name = @name", _ => true, cancellationToken, ("name", run.Pipeline)))
                return StoreErrors.PipelineNotFound(run.Pipeline);
            var stored = PipelineRecords.Stored(run, 1);
            var added = await db.ExecuteAsync(
                """
                INSERT INTO pipeline_runs (id, pipeline, status, queued_at, trigger_key, run, revision)
                VALUES (@id, @pipeline, @status, @queued_at, @trigger_key, @run, 1) ON CONFLICT DO NOTHING
                """,
                cancellationToken, ("id", stored.Id), ("pipeline", stored.Pipeline), ("status", Text(stored.Status)),
                ("queued_at", stored.QueuedAt), ("trigger_key", triggerKey), ("run", ToJson(stored)));
            if (added == 0)
                return StoreErrors.RunExists(run.Id, triggerKey);
            await AuditAsync(db, now, actor, AuditEvents.RunQueued(stored), cancellationToken);
            return stored;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<PipelineRun>> GetRunAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync<Result<PipelineRun>>(async db => await LoadRunAsync(db, id, cancellationToken) is { } run ? run : StoreErrors.RunNotFound(id), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<PipelineRun>> ListRunsAsync(string? pipeline, RunStatus? status, int limit, CancellationToken cancellationToken)
    {
        var where = string.Join(" AND ", new[] { pipeline is null ? null : "pipeline = @pipeline", status is null ? null : "status = @status" }.OfType<string>());
        return await ReadAsync(db => db.QueryAsync(
            $"SELECT run, revision FROM pipeline_runs {(where.Length == 0 ? "" : "WHERE " + where)} ORDER BY queued_at DESC, id DESC LIMIT @limit",
            ReadRun, cancellationToken, ("pipeline", pipeline), ("status", status is { } s ? Text(s) : null), ("limit", limit)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<PipelineRun>> SaveRunAsync(PipelineRun run, long expectedRevision, Actor? actor, CancellationToken cancellationToken) =>
        WriteAsync<PipelineRun>(async (db, now) =>
        {
            var before = actor is null ? null : await LoadRunAsync(db, run.Id, cancellationToken);
            var stored = PipelineRecords.Stored(run, expectedRevision + 1);
            var saved = await db.ExecuteAsync(
                "UPDATE pipeline_runs SET status = @status, run = @run, revision = revision + 1 WHERE id = @id AND revision = @expected",
                cancellationToken, ("id", run.Id), ("expected", expectedRevision), ("status", Text(stored.Status)), ("run", ToJson(stored)));
            if (saved == 0)
            {
                var current = await db.FirstOrDefaultAsync<long?>(
                    "SELECT revision FROM pipeline_runs WHERE id = @id", r => r.GetInt64(0), cancellationToken, ("id", run.Id));
                return current is { } revision ? StoreErrors.StaleRun(run.Id, expectedRevision, revision) : StoreErrors.RunNotFound(run.Id);
            }
            if (actor is not null && before is not null)
                await AuditAsync(db, now, actor, AuditEvents.RunUpdated(before, stored), cancellationToken);
            return stored;
        }, null, cancellationToken);

    private static Task<PipelineInfo?> LoadPipelineAsync(SqlSession db, string name, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync<PipelineInfo?>($"SELECT {PipelineColumns} FROM pipelines WHERE name = @name", ReadPipeline, cancellationToken, ("name", name));

    private static Task<PipelineRun?> LoadRunAsync(SqlSession db, string id, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync<PipelineRun?>("SELECT run, revision FROM pipeline_runs WHERE id = @id", ReadRun, cancellationToken, ("id", id));

    private static PipelineInfo ReadPipeline(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetFieldValue<DateTimeOffset>(5), r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7));

    private static PipelineRun ReadRun(DbDataReader r) => FromJson<PipelineRun>(r.GetString(0)) with { Revision = r.GetInt64(1) };
}
