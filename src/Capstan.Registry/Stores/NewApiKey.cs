using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>A key to record: its public id, the hash of its secret, and what it may do.</summary>
/// <param name="Id">The key's public id.</param>
/// <param name="SecretHash">The lowercase hex SHA-256 of the whole key as the client sends it.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Models">The models the key is narrowed to, or null for every model.</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
public sealed record NewApiKey(string Id, string SecretHash, string Name, Role Role, IReadOnlyList<string>? Models, DateTimeOffset? ExpiresAt);
