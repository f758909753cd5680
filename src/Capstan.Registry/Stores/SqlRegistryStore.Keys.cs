using System.Data.Common;
using Capstan.Core.Errors;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    private const string KeyColumns = "id, name, role, models, created_at, created_by, expires_at, revoked_at, revoked_by, secret_hash";

    /// <inheritdoc />
    public Task<Result<ApiKeyInfo>> CreateKeyAsync(NewApiKey key, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<ApiKeyInfo>(async (db, now) =>
        {
            var info = KeyRules.Created(key, actor, now);
            var inserted = await db.ExecuteAsync(
                $"""
                INSERT INTO api_keys ({KeyColumns})
                VALUES (@id, @name, @role, @models, @created_at, @created_by, @expires_at, NULL, NULL, @secret_hash)
                ON CONFLICT (id) DO NOTHING
                """,
                cancellationToken, ("id", info.Id), ("name", info.Name), ("role", KeyRules.RoleText(info.Role)),
                ("models", info.Models is null ? null : ToJson(info.Models)), ("created_at", info.CreatedAt), ("created_by", info.CreatedBy),
                ("expires_at", info.ExpiresAt), ("secret_hash", key.SecretHash));
            if (inserted == 0)
                return StoreErrors.KeyExists(key.Id);
            await AuditAsync(db, now, actor, AuditEvents.KeyCreated(info), cancellationToken);
            return info;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<StoredApiKey?> FindKeyAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync(db => db.FirstOrDefaultAsync<StoredApiKey?>(
            $"SELECT {KeyColumns} FROM api_keys WHERE id = @id", ReadKey, cancellationToken, ("id", id)), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken) =>
        (await ReadAsync(db => db.QueryAsync(
            $"SELECT {KeyColumns} FROM api_keys ORDER BY created_at, id", ReadKey, cancellationToken), cancellationToken))
        .Select(k => k.Info).ToList();

    /// <inheritdoc />
    public Task<Result<ApiKeyInfo>> RevokeKeyAsync(string id, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<ApiKeyInfo>(async (db, now) =>
        {
            var found = await db.FirstOrDefaultAsync(
                $"UPDATE api_keys SET id = id WHERE id = @id RETURNING {KeyColumns}", ReadKey, cancellationToken, ("id", id));
            if (!KeyRules.Revoke(found?.Info, id, actor, now).TryGetValue(out var revoked, out var error))
                return error;
            await db.ExecuteAsync(
                "UPDATE api_keys SET revoked_at = @revoked_at, revoked_by = @revoked_by WHERE id = @id", cancellationToken,
                ("id", id), ("revoked_at", revoked.RevokedAt), ("revoked_by", revoked.RevokedBy));
            await AuditAsync(db, now, actor, AuditEvents.KeyRevoked(found!.Info, revoked), cancellationToken);
            return revoked;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<bool> HasKeysAsync(CancellationToken cancellationToken) =>
        ReadAsync(db => db.FirstOrDefaultAsync("SELECT 1 FROM api_keys LIMIT 1", _ => true, cancellationToken), cancellationToken);

    private static StoredApiKey ReadKey(DbDataReader r) => new(
        new ApiKeyInfo(
            Id: r.GetString(0),
            Name: r.GetString(1),
            Role: KeyRules.ParseRole(r.GetString(2)),
            Models: r.IsDBNull(3) ? null : FromJson<List<string>>(r.GetString(3)),
            CreatedAt: r.GetFieldValue<DateTimeOffset>(4),
            CreatedBy: r.GetString(5),
            ExpiresAt: r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6),
            RevokedAt: r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
            RevokedBy: NullableString(r, 8)),
        r.GetString(9));
}
