namespace Capstan.Core.Security;

/// <summary>A newly created API key with its secret, the only time the secret is ever returned.</summary>
/// <param name="Key">The key as it is listed.</param>
/// <param name="Secret">The whole key to send as <c>Authorization: Bearer</c> or <c>x-api-key</c>.</param>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);
