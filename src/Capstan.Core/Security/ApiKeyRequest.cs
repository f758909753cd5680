namespace Capstan.Core.Security;

/// <summary>What a client asks for when it creates an API key.</summary>
/// <param name="Name">A name for people, such as "ci-pipeline".</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Models">The models to narrow the key to, or null for every model.</param>
/// <param name="ExpiresInSeconds">How long the key works, or null for no expiry.</param>
public sealed record ApiKeyRequest(string Name, Role Role, IReadOnlyList<string>? Models, long? ExpiresInSeconds);
