using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Primitives;

namespace Capstan.Server.Security;

/// <summary>Checks a presented API key against the key store and turns a good one into the caller's authentication.</summary>
/// <remarks>
/// A key is <c>cap_&lt;id&gt;_&lt;secret&gt;</c>; its id finds the record and the SHA-256 of the whole key must match the
/// stored hash (compared in constant time). Records are cached for <see cref="CacheFor"/>, so a key revoked by
/// another server process stops working within that time; a revocation through this process forgets the record at
/// once. A cached key is checked without allocating: the caller's principal and authentication result are built once
/// per record and shared by its requests, which never change them. Hashing is the one cost a cached key still has (about
/// a microsecond, a few percent of a small inference request), so the record remembers the key text that last hashed to
/// it and compares later presentations with that text in constant time; the text lives only as long as the record, in
/// this process's memory, where every request's header puts it anyway. Thread-safe.
/// </remarks>
public sealed class ApiKeyValidator(IKeyStore keys, TimeProvider time)
{
    /// <summary>How long a key record read from the store is trusted before it is read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    /// <summary>The authentication type of identities made from API keys.</summary>
    public const string AuthenticationType = "ApiKey";

    private const int MaxCachedKeys = 10_000;

    private const int MaxKeyLength = 128;

    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);

    /// <summary>The authentication of the caller <paramref name="presented"/> names, or Unauthorized saying why not.</summary>
    /// <remarks>Completes synchronously for a key whose record is cached; reads the store otherwise, which may throw its <see cref="System.Data.Common.DbException"/>.</remarks>
    public ValueTask<Result<AuthenticatedCaller>> ValidateAsync(StringSegment presented, CancellationToken cancellationToken)
    {
        var span = presented.AsSpan();
        if (span.Length > MaxKeyLength || ApiKeys.IdOf(span) is not { } idRange)
            return ValueTask.FromResult<Result<AuthenticatedCaller>>(Error.Unauthorized("The API key is malformed: a Capstan key looks like 'cap_<id>_<secret>'."));
        if (_cache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(span[idRange], out var cached) && time.GetUtcNow() - cached.ReadAt < CacheFor)
            return ValueTask.FromResult(Check(span, cached));
        return ReadAndCheckAsync(presented, span[idRange].ToString(), cancellationToken);
    }

    /// <summary>Drops the cached record of a key, after this process revoked it.</summary>
    public void Forget(string id) => _cache.TryRemove(id, out _);

    private async ValueTask<Result<AuthenticatedCaller>> ReadAndCheckAsync(StringSegment presented, string id, CancellationToken cancellationToken)
    {
        var key = await keys.FindKeyAsync(id, cancellationToken);
        if (_cache.Count >= MaxCachedKeys)
            _cache.Clear();
        var cached = _cache[id] = CachedKey.For(key, time.GetUtcNow());
        return Check(presented.AsSpan(), cached);
    }

    private Result<AuthenticatedCaller> Check(ReadOnlySpan<char> presented, CachedKey cached)
    {
        if (cached.Key is not { } stored || !cached.Matches(presented))
            return Error.Unauthorized("The API key is not valid.");
        var key = stored.Info;
        if (key.RevokedAt is { } revokedAt)
            return Error.Unauthorized($"The API key '{key.Id}' was revoked at {revokedAt:u}.");
        if (key.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
            return Error.Unauthorized($"The API key '{key.Id}' expired at {expiresAt:u}.");
        return cached.Authenticated!;
    }

    private static bool HashMatches(ReadOnlySpan<char> presented, byte[] expected)
    {
        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(presented, utf8)], actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A key record as read at <paramref name="ReadAt"/>, with its hash as bytes and the authentication its requests share.</summary>
    private sealed record CachedKey(StoredApiKey? Key, byte[] SecretHash, AuthenticatedCaller? Authenticated, DateTimeOffset ReadAt)
    {
        /// <summary>The key text that last hashed to <see cref="SecretHash"/>, or null before one did.</summary>
        private string? _verified;

        /// <summary>Whether <paramref name="presented"/> is the key: the text verified before, or else text whose hash matches, which is then remembered.</summary>
        public bool Matches(ReadOnlySpan<char> presented)
        {
            if (_verified is { } verified && verified.Length == presented.Length
                && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(verified.AsSpan()), MemoryMarshal.AsBytes(presented)))
                return true;
            if (!HashMatches(presented, SecretHash))
                return false;
            _verified = presented.ToString();
            return true;
        }

        public static CachedKey For(StoredApiKey? key, DateTimeOffset readAt) => key is null
            ? new CachedKey(null, [], null, readAt)
            : new CachedKey(key, Convert.FromHexString(key.SecretHash), Authenticate(key.Info), readAt);

        private static AuthenticatedCaller Authenticate(ApiKeyInfo key) =>
            new(AuthenticateResult.Success(new AuthenticationTicket(CallerOf(key), AuthenticationType)), shared: true);

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
            return new CallerPrincipal(new ClaimsIdentity(claims, AuthenticationType));
        }
    }
}
