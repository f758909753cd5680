using Capstan.Core.Errors;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The API keys: their roles, grants, expiry and revocation, with each secret kept only as a hash.</summary>
/// <remarks>
/// Each method is one transaction; creating and revoking a key write their audit entry in that transaction. Safe to
/// call concurrently from many threads and processes.
/// </remarks>
public interface IKeyStore
{
    /// <summary>Records a new key; AlreadyExists when its id is taken.</summary>
    Task<Result<ApiKeyInfo>> CreateKeyAsync(NewApiKey key, Actor actor, CancellationToken cancellationToken);

    /// <summary>Finds a key with its secret's hash by id, revoked and expired ones included; null when there is none.</summary>
    Task<StoredApiKey?> FindKeyAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists every key, revoked and expired ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; NotFound when there is none with that id, Conflict when it is already revoked.</summary>
    Task<Result<ApiKeyInfo>> RevokeKeyAsync(string id, Actor actor, CancellationToken cancellationToken);

    /// <summary>Whether any key was ever created, so that a server knows it is starting for the first time.</summary>
    Task<bool> HasKeysAsync(CancellationToken cancellationToken);
}
