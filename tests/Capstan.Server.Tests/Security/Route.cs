using Capstan.Server.Security;

namespace Capstan.Server.Tests.Security;

/// <summary>One endpoint of the authorization matrix: its route as mapped, a concrete request to it, and what it needs.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Pattern">The route pattern as the server maps it.</param>
/// <param name="Path">A concrete path to request.</param>
/// <param name="Needs">The permissions any one of which allows the call; <see cref="Permission.None"/> for an anonymous endpoint.</param>
/// <param name="Model">The model the request names, for grant checks, or null.</param>
/// <param name="Body">A JSON body to send, or null.</param>
/// <param name="AdminUnnarrowed">Whether the endpoint needs an admin key that is not narrowed to models.</param>
public sealed record Route(string Method, string Pattern, string Path, Permission Needs, string? Model, string? Body = null, bool AdminUnnarrowed = false)
{
    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}";
}
