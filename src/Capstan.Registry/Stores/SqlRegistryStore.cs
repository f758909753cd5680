using System.Data.Common;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serialization;
using Capstan.Core.Signatures;

namespace Capstan.Registry.Stores;

/// <summary>The registry store over SQL: the same statements for SQLite and PostgreSQL, with a <see cref="SqlDialect"/> for the rest.</summary>
/// <remarks>
/// Each call is one transaction. Every write first updates its model's row (the version counter for a push, the
/// deployment revision counter for setting, rolling back or removing a deployment, the change time for other changes to
/// the model, and nothing at all for reporting a deployment's status), which serializes the writers of one model, so the checks that
/// follow hold until commit; the foreign keys back those checks against writers of other models, and their violations map to the same errors.
/// Version numbers come from <c>models.last_version</c>, raised in the transaction that inserts the version, so they
/// are gap-free and a deleted number is never given out again; deployment revisions come from
/// <c>models.last_deployment_revision</c> the same way, so redeploying never repeats one, and each is kept in
/// <c>deployment_revisions</c>. Each write ends by appending
/// its audit entry, which locks the audit head row last. Deployments, keys and the audit trail live in
/// <c>SqlRegistryStore.Deployments.cs</c>, <c>.Keys.cs</c> and <c>.Audit.cs</c>.
/// </remarks>
internal sealed partial class SqlRegistryStore(SqlDialect dialect, TimeProvider time) : IRegistryStore
{
    private static readonly string[] VersionColumnNames =
    [
        "model", "version", "format", "size_bytes", "sha256", "signature", "metrics", "params", "tags", "description",
        "model_card", "git_commit", "git_branch", "git_dirty", "data_fingerprint", "parent_model", "parent_version",
        "pushed_by", "created_at", "archived",
    ];

    private static readonly string VersionColumns = string.Join(", ", VersionColumnNames);

    private static readonly string VersionValues = string.Join(", ", VersionColumnNames.Select(c => "@" + c));

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> AddVersionAsync(NewModelVersion version, CancellationToken cancellationToken)
    {
        var name = version.Name.Value;
        var parent = version.Parent is { } p ? (Model: p.Name.Value, p.Version) : ((string Model, int Version)?)null;
        return WriteAsync<ModelVersionInfo>(async (db, now) =>
        {
            var number = await db.FirstOrDefaultAsync(
                """
                INSERT INTO models (name, last_version, created_at, updated_at) VALUES (@name, 1, @now, @now)
                ON CONFLICT (name) DO UPDATE SET last_version = models.last_version + 1, updated_at = excluded.updated_at
                RETURNING last_version
                """,
                r => r.GetInt32(0), cancellationToken, ("name", name), ("now", now));
            if (parent is { } wanted && !await VersionExistsAsync(db, wanted.Model, wanted.Version, cancellationToken))
                return StoreErrors.ParentNotFound(wanted.Model, wanted.Version);
            var lineage = version.Lineage;
            await db.ExecuteAsync(
                $"INSERT INTO model_versions ({VersionColumns}) VALUES ({VersionValues})", cancellationToken,
                ("model", name), ("version", number), ("format", version.Format.ToString()), ("size_bytes", version.SizeBytes),
                ("sha256", version.Sha256), ("signature", ToJson(version.Signature)), ("metrics", ToJson(version.Metrics)),
                ("params", ToJson(version.Params)), ("tags", ToJson(version.Tags)), ("description", version.Description),
                ("model_card", version.ModelCard), ("git_commit", lineage.GitCommit), ("git_branch", lineage.GitBranch),
                ("git_dirty", lineage.GitDirty), ("data_fingerprint", lineage.DataFingerprint), ("parent_model", parent?.Model),
                ("parent_version", parent?.Version), ("pushed_by", version.PushedBy.Name), ("created_at", now), ("archived", false));
            if (version.Alias is { } alias)
                await PointAliasAsync(db, name, alias.Value, number, version.PushedBy.Name, now, cancellationToken);
            var added = (await LoadVersionAsync(db, name, number, cancellationToken))!;
            await AuditAsync(db, now, version.PushedBy, AuditEvents.Pushed(added), cancellationToken);
            return added;
        }, parent is { } missing ? StoreErrors.ParentNotFound(missing.Model, missing.Version) : null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<ModelInfo>> GetModelAsync(ModelName name, CancellationToken cancellationToken) =>
        ReadAsync<Result<ModelInfo>>(async db =>
            (await LoadModelsAsync(db, "m.name = @name", 1, cancellationToken, ("name", name.Value))) is [var model]
                ? model
                : StoreErrors.ModelNotFound(name.Value), cancellationToken);

    /// <inheritdoc />
    public Task<Result<Page<ModelInfo>>> ListModelsAsync(ModelQuery query, CancellationToken cancellationToken)
    {
        if (!Listing.ModelsAfter(query).TryGetValue(out var after, out var error)
            || !Listing.CheckPrefix(query.NamePrefix).TryGetValue(out var prefix, out error))
            return Task.FromResult<Result<Page<ModelInfo>>>(error);
        var filters = new List<string> { "TRUE" };
        var parameters = new List<(string, object?)>();
        if (after is not null)
        {
            filters.Add("m.name > @after");
            parameters.Add(("after", after));
        }
        if (prefix is not null)
        {
            filters.Add("m.name >= @prefix AND m.name < @prefix_end");
            parameters.Add(("prefix", prefix));
            parameters.Add(("prefix_end", string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(prefix[^1] + 1)])));
        }
        if (query.Tag is { } tag)
        {
            filters.Add(tag.Value is null
                ? "EXISTS (SELECT 1 FROM model_tags t WHERE t.model = m.name AND t.key = @tag_key)"
                : "EXISTS (SELECT 1 FROM model_tags t WHERE t.model = m.name AND t.key = @tag_key AND t.value = @tag_value)");
            parameters.Add(("tag_key", tag.Key));
            if (tag.Value is not null)
                parameters.Add(("tag_value", tag.Value));
        }
        return ReadAsync<Result<Page<ModelInfo>>>(async db => Listing.ModelPage(
            await LoadModelsAsync(db, string.Join(" AND ", filters), query.PageSize + 1, cancellationToken, [.. parameters]),
            query.PageSize), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<ModelInfo>> UpdateModelAsync(ModelName name, ModelUpdate update, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<ModelInfo>(async (db, now) =>
        {
            if (!await TouchModelAsync(db, name.Value, now, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            var before = (await LoadModelsAsync(db, "m.name = @name", 1, cancellationToken, ("name", name.Value)))[0];
            if (update.Description is { } description)
                await db.ExecuteAsync(
                    "UPDATE models SET description = @description WHERE name = @name", cancellationToken,
                    ("name", name.Value), ("description", description));
            if (update.Tags is { } tags)
            {
                await db.ExecuteAsync("DELETE FROM model_tags WHERE model = @name", cancellationToken, ("name", name.Value));
                foreach (var (key, value) in tags)
                    await db.ExecuteAsync(
                        "INSERT INTO model_tags (model, key, value) VALUES (@name, @key, @value)", cancellationToken,
                        ("name", name.Value), ("key", key), ("value", value));
            }
            var after = (await LoadModelsAsync(db, "m.name = @name", 1, cancellationToken, ("name", name.Value)))[0];
            await AuditAsync(db, now, actor, AuditEvents.ModelUpdated(before, after), cancellationToken);
            return after;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> ResolveAsync(ModelReference reference, CancellationToken cancellationToken) =>
        ReadAsync<Result<ModelVersionInfo>>(async db =>
        {
            var name = reference.Name.Value;
            (string Filter, (string, object?)[] Parameters, Error Missing) query = reference switch
            {
                { Version: { } number } => ("version = @version", [("version", number)], StoreErrors.VersionNotFound(name, number)),
                { Alias: { } alias } => (
                    "version = (SELECT a.version FROM aliases a WHERE a.model = @model AND a.alias = @alias)",
                    [("alias", alias.Value)], StoreErrors.AliasNotFound(name, alias.Value)),
                _ => ("NOT archived", [], StoreErrors.NoLatestVersion(name)),
            };
            if ((await LoadVersionsAsync(db, name, query.Filter, 1, cancellationToken, query.Parameters)) is [var found])
                return found;
            var missing = query.Missing;
            return await ModelExistsAsync(db, name, cancellationToken) ? missing : StoreErrors.ModelNotFound(name);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<Page<ModelVersionInfo>>> ListVersionsAsync(ModelName name, VersionQuery query, CancellationToken cancellationToken)
    {
        if (!Listing.VersionsBefore(query).TryGetValue(out var before, out var error))
            return Task.FromResult<Result<Page<ModelVersionInfo>>>(error);
        var filter = (query.IncludeArchived ? "TRUE" : "NOT archived") + " AND version < @before";
        return ReadAsync<Result<Page<ModelVersionInfo>>>(async db =>
        {
            if (!await ModelExistsAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            var fetched = await LoadVersionsAsync(
                db, name.Value, filter, query.PageSize + 1, cancellationToken, ("before", before ?? int.MaxValue));
            return Listing.VersionPage(fetched, query.PageSize);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> SetArchivedAsync(ModelName name, int version, bool archived, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<ModelVersionInfo>(async (db, now) =>
        {
            if (!await TouchModelAsync(db, name.Value, now, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            if (await LoadVersionAsync(db, name.Value, version, cancellationToken) is not { } before)
                return StoreErrors.VersionNotFound(name.Value, version);
            await db.ExecuteAsync(
                "UPDATE model_versions SET archived = @archived WHERE model = @model AND version = @version", cancellationToken,
                ("archived", archived), ("model", name.Value), ("version", version));
            var after = before with { Archived = archived };
            await AuditAsync(db, now, actor, AuditEvents.Archived(before, after), cancellationToken);
            return after;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> DeleteVersionAsync(ModelName name, int version, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<ModelVersionInfo>(async (db, now) =>
        {
            if (!await TouchModelAsync(db, name.Value, now, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            if (await LoadVersionAsync(db, name.Value, version, cancellationToken) is not { } deleted)
                return StoreErrors.VersionNotFound(name.Value, version);
            if (deleted.Aliases.Count > 0)
                return StoreErrors.DeleteAliased(name.Value, version, deleted.Aliases);
            if (await LoadDeploymentAsync(db, name.Value, cancellationToken) is { } deployment
                && DeploymentRules.BlocksDelete(deployment, version) is { } deployed)
                return deployed;
            var children = await db.QueryAsync(
                "SELECT model, version FROM model_versions WHERE parent_model = @model AND parent_version = @version ORDER BY model, version",
                r => $"{r.GetString(0)}:{r.GetInt32(1)}", cancellationToken, ("model", name.Value), ("version", version));
            if (children.Count > 0)
                return StoreErrors.DeleteParent(name.Value, version, children);
            await db.ExecuteAsync(
                "DELETE FROM model_versions WHERE model = @model AND version = @version", cancellationToken,
                ("model", name.Value), ("version", version));
            await AuditAsync(db, now, actor, AuditEvents.Deleted(deleted), cancellationToken);
            return deleted;
        }, StoreErrors.DeleteReferenced(name.Value, version), cancellationToken);

    /// <inheritdoc />
    public Task<Result<AliasInfo>> SetAliasAsync(ModelName name, AliasName alias, int version, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<AliasInfo>(async (db, now) =>
        {
            if (!await TouchModelAsync(db, name.Value, now, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            if (!await VersionExistsAsync(db, name.Value, version, cancellationToken))
                return StoreErrors.VersionNotFound(name.Value, version);
            var (before, after) = await PointAliasAsync(db, name.Value, alias.Value, version, actor.Name, now, cancellationToken);
            await AuditAsync(db, now, actor, AuditEvents.AliasSet(before, after), cancellationToken);
            return after;
        }, StoreErrors.VersionNotFound(name.Value, version), cancellationToken);

    /// <inheritdoc />
    public Task<Result<AliasInfo>> RemoveAliasAsync(ModelName name, AliasName alias, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<AliasInfo>(async (db, now) =>
        {
            if (!await TouchModelAsync(db, name.Value, now, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            var removed = await db.FirstOrDefaultAsync(
                "DELETE FROM aliases WHERE model = @model AND alias = @alias RETURNING version, updated_at, updated_by",
                r => new AliasInfo(name.Value, alias.Value, r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2)),
                cancellationToken, ("model", name.Value), ("alias", alias.Value));
            if (removed is null)
                return StoreErrors.AliasNotFound(name.Value, alias.Value);
            await RecordAliasChangeAsync(db, new AliasChange(name.Value, alias.Value, null, removed.Version, now, actor.Name), cancellationToken);
            await AuditAsync(db, now, actor, AuditEvents.AliasRemoved(removed), cancellationToken);
            return removed;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<AliasInfo>>> ListAliasesAsync(ModelName name, CancellationToken cancellationToken) =>
        ReadAsync<Result<IReadOnlyList<AliasInfo>>>(async db =>
        {
            if (!await ModelExistsAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            return await db.QueryAsync(
                "SELECT alias, version, updated_at, updated_by FROM aliases WHERE model = @model ORDER BY alias",
                r => new AliasInfo(name.Value, r.GetString(0), r.GetInt32(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3)),
                cancellationToken, ("model", name.Value));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<AliasChange>>> GetAliasHistoryAsync(ModelName name, AliasName alias, CancellationToken cancellationToken) =>
        ReadAsync<Result<IReadOnlyList<AliasChange>>>(async db =>
        {
            if (!await ModelExistsAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            var history = await db.QueryAsync(
                """
                SELECT version, previous_version, changed_at, changed_by FROM alias_history
                WHERE model = @model AND alias = @alias ORDER BY id
                """,
                r => new AliasChange(
                    name.Value, alias.Value, NullableInt(r, 0), NullableInt(r, 1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3)),
                cancellationToken, ("model", name.Value), ("alias", alias.Value));
            return history.Count > 0 ? history : StoreErrors.AliasNeverSet(name.Value, alias.Value);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsArtifactReferencedAsync(string sha256, CancellationToken cancellationToken) =>
        ReadAsync(db => db.FirstOrDefaultAsync(
            "SELECT 1 FROM model_versions WHERE sha256 = @sha256 LIMIT 1", _ => true, cancellationToken, ("sha256", sha256)),
            cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    private async Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var session = await SqlSession.BeginAsync(dialect, write: false, cancellationToken);
        return await work(session);
    }

    private async Task<Result<T>> WriteAsync<T>(
        Func<SqlSession, DateTimeOffset, Task<Result<T>>> work, Error? onForeignKeyViolation, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = await SqlSession.BeginAsync(dialect, write: true, cancellationToken);
            var result = await work(session, StoreClock.Now(time));
            if (result.IsSuccess)
                await session.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbException e) when (onForeignKeyViolation is not null && dialect.IsForeignKeyViolation(e))
        {
            return onForeignKeyViolation.Value;
        }
    }

    private static async Task<bool> TouchModelAsync(SqlSession db, string model, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.ExecuteAsync("UPDATE models SET updated_at = @now WHERE name = @name", cancellationToken, ("name", model), ("now", now)) > 0;

    private static Task<bool> ModelExistsAsync(SqlSession db, string model, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync("SELECT 1 FROM models WHERE name = @name", _ => true, cancellationToken, ("name", model));

    private static Task<bool> VersionExistsAsync(SqlSession db, string model, int version, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync(
            "SELECT 1 FROM model_versions WHERE model = @model AND version = @version", _ => true, cancellationToken,
            ("model", model), ("version", version));

    private static async Task<(AliasInfo? Before, AliasInfo After)> PointAliasAsync(
        SqlSession db, string model, string alias, int version, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = await db.FirstOrDefaultAsync(
            "SELECT version, updated_at, updated_by FROM aliases WHERE model = @model AND alias = @alias",
            r => new AliasInfo(model, alias, r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2)), cancellationToken,
            ("model", model), ("alias", alias));
        await db.ExecuteAsync(
            """
            INSERT INTO aliases (model, alias, version, updated_at, updated_by) VALUES (@model, @alias, @version, @now, @actor)
            ON CONFLICT (model, alias) DO UPDATE
            SET version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            cancellationToken, ("model", model), ("alias", alias), ("version", version), ("now", now), ("actor", actor));
        await RecordAliasChangeAsync(db, new AliasChange(model, alias, version, previous?.Version, now, actor), cancellationToken);
        return (previous, new AliasInfo(model, alias, version, now, actor));
    }

    private static Task RecordAliasChangeAsync(SqlSession db, AliasChange change, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            INSERT INTO alias_history (model, alias, version, previous_version, changed_at, changed_by)
            VALUES (@model, @alias, @version, @previous_version, @changed_at, @changed_by)
            """,
            cancellationToken, ("model", change.Model), ("alias", change.Alias), ("version", change.Version),
            ("previous_version", change.PreviousVersion), ("changed_at", change.ChangedAt), ("changed_by", change.ChangedBy));

    private static async Task<List<ModelInfo>> LoadModelsAsync(
        SqlSession db, string filter, int limit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var models = await db.QueryAsync(
            $"""
            SELECT m.name, m.description, m.created_at, m.updated_at,
                (SELECT MAX(v.version) FROM model_versions v WHERE v.model = m.name AND NOT v.archived),
                (SELECT CAST(COUNT(*) AS INTEGER) FROM model_versions v WHERE v.model = m.name)
            FROM models m WHERE {filter} ORDER BY m.name LIMIT @limit
            """,
            r => new ModelInfo(
                r.GetString(0), NullableString(r, 1), new Dictionary<string, string>(), NullableInt(r, 4), r.GetInt32(5),
                new Dictionary<string, int>(), r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken, [.. parameters, ("limit", limit)]);
        if (models.Count == 0)
            return models;
        var names = models.Select((m, i) => ($"name{i}", (object?)m.Name)).ToArray();
        var inNames = string.Join(", ", names.Select(n => "@" + n.Item1));
        var tags = (await db.QueryAsync(
                $"SELECT model, key, value FROM model_tags WHERE model IN ({inNames})",
                r => (Model: r.GetString(0), Key: r.GetString(1), Value: r.GetString(2)), cancellationToken, names))
            .ToLookup(t => t.Model);
        var aliases = (await db.QueryAsync(
                $"SELECT model, alias, version FROM aliases WHERE model IN ({inNames})",
                r => (Model: r.GetString(0), Alias: r.GetString(1), Version: r.GetInt32(2)), cancellationToken, names))
            .ToLookup(a => a.Model);
        return models.Select(m => m with
        {
            Tags = tags[m.Name].ToDictionary(t => t.Key, t => t.Value),
            Aliases = aliases[m.Name].ToDictionary(a => a.Alias, a => a.Version),
        }).ToList();
    }

    private static async Task<ModelVersionInfo?> LoadVersionAsync(SqlSession db, string model, int version, CancellationToken cancellationToken) =>
        (await LoadVersionsAsync(db, model, "version = @version", 1, cancellationToken, ("version", version))).FirstOrDefault();

    private static async Task<List<ModelVersionInfo>> LoadVersionsAsync(
        SqlSession db, string model, string filter, int limit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var versions = await db.QueryAsync(
            $"SELECT {VersionColumns} FROM model_versions WHERE model = @model AND {filter} ORDER BY version DESC LIMIT @limit",
            ReadVersion, cancellationToken, [.. parameters, ("model", model), ("limit", limit)]);
        if (versions.Count == 0)
            return versions;
        var aliases = (await db.QueryAsync(
                "SELECT version, alias FROM aliases WHERE model = @model ORDER BY alias",
                r => (Version: r.GetInt32(0), Alias: r.GetString(1)), cancellationToken, ("model", model)))
            .ToLookup(a => a.Version, a => a.Alias);
        return versions.Select(v => v with { Aliases = aliases[v.Version].ToList() }).ToList();
    }

    private static ModelVersionInfo ReadVersion(DbDataReader r) => new(
        Model: r.GetString(0),
        Version: r.GetInt32(1),
        Format: Enum.Parse<ModelFormat>(r.GetString(2)),
        SizeBytes: r.GetInt64(3),
        Sha256: r.GetString(4),
        Signature: FromJson<ModelSignature>(r.GetString(5)),
        Metrics: FromJson<Dictionary<string, double>>(r.GetString(6)),
        Params: FromJson<Dictionary<string, string>>(r.GetString(7)),
        Tags: FromJson<Dictionary<string, string>>(r.GetString(8)),
        Description: NullableString(r, 9),
        ModelCard: NullableString(r, 10),
        Lineage: new Lineage(
            GitCommit: NullableString(r, 11),
            GitBranch: NullableString(r, 12),
            GitDirty: r.IsDBNull(13) ? null : r.GetBoolean(13),
            DataFingerprint: NullableString(r, 14),
            Parent: r.IsDBNull(15) ? null : $"{r.GetString(15)}:{r.GetInt32(16)}"),
        PushedBy: r.GetString(17),
        CreatedAt: r.GetFieldValue<DateTimeOffset>(18),
        Archived: r.GetBoolean(19),
        Aliases: []);

    private static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static int? NullableInt(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt32(ordinal);

    private static string ToJson<T>(T value) => JsonSerializer.Serialize(value, CapstanJson.Options);

    private static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, CapstanJson.Options)!;
}
