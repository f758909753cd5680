using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    /// <inheritdoc />
    public Task<Result<StoredProfile>> SetProfileAsync(ModelName name, int version, string profile, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<StoredProfile>(async (db, now) =>
        {
            if (!await LockModelAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            if (!await VersionExistsAsync(db, name.Value, version, cancellationToken))
                return StoreErrors.VersionNotFound(name.Value, version);
            var before = await LoadProfileAsync(db, name.Value, version, cancellationToken);
            await db.ExecuteAsync(
                """
                INSERT INTO version_profiles (model, version, profile, updated_at, updated_by) VALUES (@model, @version, @profile, @now, @actor)
                ON CONFLICT (model, version) DO UPDATE
                SET profile = excluded.profile, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """,
                cancellationToken, ("model", name.Value), ("version", version), ("profile", profile), ("now", now), ("actor", actor.Name));
            var after = new StoredProfile(name.Value, version, profile, now, actor.Name);
            await AuditAsync(db, now, actor, AuditEvents.ProfileSet(before, after), cancellationToken);
            return after;
        }, StoreErrors.VersionNotFound(name.Value, version), cancellationToken);

    /// <inheritdoc />
    public Task<Result<StoredProfile>> GetProfileAsync(ModelName name, int version, CancellationToken cancellationToken) =>
        ReadAsync<Result<StoredProfile>>(async db =>
        {
            if (await LoadProfileAsync(db, name.Value, version, cancellationToken) is { } stored)
                return stored;
            if (!await ModelExistsAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            return await VersionExistsAsync(db, name.Value, version, cancellationToken)
                ? StoreErrors.NoProfile(name.Value, version)
                : StoreErrors.VersionNotFound(name.Value, version);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<int>>> ListProfiledVersionsAsync(ModelName name, CancellationToken cancellationToken) =>
        ReadAsync<Result<IReadOnlyList<int>>>(async db =>
        {
            if (!await ModelExistsAsync(db, name.Value, cancellationToken))
                return StoreErrors.ModelNotFound(name.Value);
            return await db.QueryAsync(
                "SELECT version FROM version_profiles WHERE model = @model ORDER BY version", r => r.GetInt32(0), cancellationToken, ("model", name.Value));
        }, cancellationToken);

    private static Task<StoredProfile?> LoadProfileAsync(SqlSession db, string model, int version, CancellationToken cancellationToken) =>
        db.FirstOrDefaultAsync<StoredProfile?>(
            "SELECT profile, updated_at, updated_by FROM version_profiles WHERE model = @model AND version = @version",
            r => new StoredProfile(model, version, r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2)), cancellationToken,
            ("model", model), ("version", version));
}
