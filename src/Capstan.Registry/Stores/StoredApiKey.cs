using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>A key as the store holds it: what is listed, and the hash a presented key is checked against.</summary>
/// <param name="Info">The key as it is listed.</param>
/// <param name="SecretHash">The lowercase hex SHA-256 of the whole key.</param>
public sealed record StoredApiKey(ApiKeyInfo Info, string SecretHash);
