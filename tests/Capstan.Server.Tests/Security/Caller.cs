using Capstan.Core.Security;

namespace Capstan.Server.Tests.Security;

/// <summary>One identity of the authorization matrix: how it authenticates, and what it should be allowed.</summary>
/// <param name="Name">The identity's name in test output.</param>
/// <param name="Key">The API key it sends, or null for none.</param>
/// <param name="Role">Its role when the key is valid, or null when it should be refused as unauthenticated.</param>
/// <param name="GrantedModel">The one model it is narrowed to, or null for every model.</param>
public sealed record Caller(string Name, string? Key, Role? Role, string? GrantedModel)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
