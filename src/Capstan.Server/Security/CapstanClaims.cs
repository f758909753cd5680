namespace Capstan.Server.Security;

/// <summary>The claims an authenticated Capstan caller carries, whichever way it authenticated.</summary>
/// <remarks>
/// The caller's name is <see cref="System.Security.Claims.ClaimTypes.Name"/> and its role
/// <see cref="System.Security.Claims.ClaimTypes.Role"/> (one of <see cref="Capstan.Core.Security.Role"/>'s names); these
/// add what API keys know beyond that.
/// </remarks>
public static class CapstanClaims
{
    /// <summary>The id of the API key that authenticated the request.</summary>
    public const string KeyId = "capstan:key";

    /// <summary>One model the caller is narrowed to; a caller without any may act on every model its role allows.</summary>
    public const string Model = "capstan:model";
}
