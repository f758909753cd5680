using Capstan.Registry.Service;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Registry;

/// <summary>Names who makes a request, for the records the registry keeps (who pushed, who moved an alias).</summary>
/// <remarks>
/// Until authentication exists this is what the client says in the <c>X-Capstan-User</c> header, as MLflow records
/// the client's user name; it is a label, not a proof of identity.
/// </remarks>
public static class RequestActor
{
    /// <summary>The header a client names its user in.</summary>
    public const string Header = "X-Capstan-User";

    /// <summary>The actor of <paramref name="context"/>'s request, or "anonymous".</summary>
    public static string Of(HttpContext context)
    {
        var claimed = context.Request.Headers[Header].ToString();
        return claimed.Length is > 0 and <= 128 && PushRules.CheckText(claimed, "user name", 128, multiline: false) is null
            ? claimed
            : PushRules.Anonymous;
    }
}
