using System.Collections.Concurrent;
using System.Security.Claims;
using Capstan.Core.Errors;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Server.Security;

/// <summary>Checks a presented API key against the key store and turns a good one into the caller's claims.</summary>
/// <remarks>
/// A key is <c>cap_&lt;id&gt;_&lt;secret&gt;</c>; its id finds the record and the SHA-256 of the whole key must match the
/// stored hash (compared in constant time). Records are cached for <see cref="CacheFor"/>, so a key revoked by
/// another server process stops working within that time; a revocation through this process forgets the record at
/// once. Thread-safe.
/// </remarks>
public sealed class ApiKeyValidator(IKeyStore keys, TimeProvider time)
{
    /// <summary>How long a key record read from the store is trusted before it is read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private const int MaxCachedKeys = 10_000;

    private const int MaxKeyLength = 128;

    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);

    /// <summary>The authentication type of identities made from API keys.</summary>
    public const string AuthenticationType = "ApiKey";

    /// <summary>The caller <paramref name="presented"/> authenticates, or Unauthorized saying why not.</summary>
    public async Task<Result<ClaimsPrincipal>> ValidateAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length > MaxKeyLength || ApiKeys.IdOf(presented) is not { } id)
            return Error.Unauthorized("The API key is malformed: a Capstan key looks like 'cap_<id>_<secret>'.");
        var cached = await FindAsync(id, cancellationToken);
        if (cached.Key is not { } stored || !ApiKeys.HashesEqual(stored.SecretHash, ApiKeys.Hash(presented)))
            return Error.Unauthorized("The API key is not valid.");
        var key = stored.Info;
        if (key.RevokedAt is { } revokedAt)
            return Error.Unauthorized($"The API key '{key.Id}' was revoked at {revokedAt:u}.");
        if (key.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
            return Error.Unauthorized($"The API key '{key.Id}' expired at {expiresAt:u}.");
        return cached.Caller!;
    }

    /// <summary>Drops the cached record of a key, after this process revoked it.</summary>
    public void Forget(string id) => _cache.TryRemove(id, out _);

    private static ClaimsPrincipal CallerOf(ApiKeyInfo key)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role.ToString()),
            new(CapstanClaims.KeyId, key.Id),
        };
        foreach (var model in key.Models ?? [])
            claims.Add(new Claim(CapstanClaims.Model, model));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }

    private async Task<CachedKey> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && now - cached.ReadAt < CacheFor)
            return cached;
        var key = await keys.FindKeyAsync(id, cancellationToken);
        if (_cache.Count >= MaxCachedKeys)
            _cache.Clear();
        return _cache[id] = new CachedKey(key, key is null ? null : CallerOf(key.Info), now);
    }

    /// <summary>A key record as read at <paramref name="ReadAt"/>, with the caller it authenticates (shared by its requests, never changed).</summary>
    private sealed record CachedKey(StoredApiKey? Key, ClaimsPrincipal? Caller, DateTimeOffset ReadAt);
}
