namespace Capstan.Core.Security;

/// <summary>Who made a change or a request, as the audit trail and the registry's records name them.</summary>
/// <param name="Name">The caller's name: an API key's name, a token's subject, or "anonymous".</param>
/// <param name="KeyId">The id of the API key that authenticated the request, or null for tokens and anonymous callers.</param>
/// <param name="Address">The network address the request came from, or null when it did not come over a network.</param>
public sealed record Actor(string Name, string? KeyId = null, string? Address = null)
{
    /// <summary>The actor of work the server does on its own, such as creating the first admin key.</summary>
    public static Actor System { get; } = new("system");
}
