using System.Security.Claims;
using Capstan.Core.Security;
using Capstan.Registry.Service;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Registry;

/// <summary>Names who makes a request, for the records the registry keeps and the audit trail (who pushed, who moved an alias).</summary>
/// <remarks>
/// An authenticated caller is named by its claims: <see cref="ClaimTypes.Name"/> and, for an API key,
/// <see cref="CapstanClaims.KeyId"/>. An anonymous caller is what the client says in the <c>X-Capstan-User</c> header,
/// as MLflow records the client's user name: a label, not a proof of identity. The address is the connection's remote address.
/// </remarks>
public static class RequestActor
{
    /// <summary>The header a client names its user in.</summary>
    public const string Header = "X-Capstan-User";

    /// <summary>The actor of <paramref name="context"/>'s request: its authenticated name and key, or its header label, or "anonymous".</summary>
    public static Actor Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        var user = context.User;
        if (IsAuthenticated(context) && user.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } name)
            return new Actor(name, user.FindFirstValue(CapstanClaims.KeyId), address);
        return new Actor(Label(context) ?? PushRules.Anonymous, null, address);
    }

    /// <summary>Whether the request carries an authenticated identity, whose name no header or metadata may replace.</summary>
    public static bool IsAuthenticated(HttpContext context) => context.User.Identity?.IsAuthenticated == true;

    private static string? Label(HttpContext context)
    {
        var claimed = context.Request.Headers[Header].ToString();
        return claimed.Length is > 0 and <= 128 && PushRules.CheckText(claimed, "user name", 128, multiline: false) is null ? claimed : null;
    }
}
