namespace Capstan.Core.Security;

/// <summary>An API key as it is listed: everything but its secret, which is shown once at creation and stored only as a hash.</summary>
/// <param name="Id">The key's public id, the part of the key before its secret.</param>
/// <param name="Name">A name for people, such as "ci-pipeline".</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Models">The models the key is narrowed to, or null for every model.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="ExpiresAt">When it stops working on its own, or null for never.</param>
/// <param name="RevokedAt">When it was revoked, or null while it is not.</param>
/// <param name="RevokedBy">Who revoked it, or null while it is not revoked.</param>
public sealed record ApiKeyInfo(
    string Id,
    string Name,
    Role Role,
    IReadOnlyList<string>? Models,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy);
