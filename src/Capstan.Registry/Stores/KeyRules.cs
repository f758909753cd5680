using Capstan.Core.Errors;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>What every store decides the same way about API keys, so that each implementation only stores and loads them.</summary>
internal static class KeyRules
{
    /// <summary>The key as it is listed once recorded by <paramref name="actor"/> at <paramref name="now"/>.</summary>
    public static ApiKeyInfo Created(NewApiKey key, Actor actor, DateTimeOffset now) => new(
        key.Id, key.Name, key.Role, key.Models?.ToList(), now, actor.Name,
        key.ExpiresAt is { } expires ? StoreClock.Normalize(expires) : null, null, null);

    /// <summary>The key revoked by <paramref name="actor"/> at <paramref name="now"/>; NotFound when there is none, Conflict when it already is revoked.</summary>
    public static Result<ApiKeyInfo> Revoke(ApiKeyInfo? current, string id, Actor actor, DateTimeOffset now) =>
        current is null ? StoreErrors.KeyNotFound(id)
        : current.RevokedAt is not null ? StoreErrors.KeyRevoked(id)
        : current with { RevokedAt = now, RevokedBy = actor.Name };

    /// <summary>A role as the stores write it: its lowercase name.</summary>
    public static string RoleText(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>A role as the stores wrote it.</summary>
    public static Role ParseRole(string text) =>
        Enum.TryParse<Role>(text, ignoreCase: true, out var role) && RoleText(role) == text
            ? role
            : throw new InvalidDataException($"The stored role '{text}' is not one the store writes.");
}
