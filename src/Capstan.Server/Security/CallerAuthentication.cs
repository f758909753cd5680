using System.Data.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Capstan.Server.Security;

/// <summary>Authenticates each request from the credential it presents: an API key, or an OIDC token when tokens are configured.</summary>
/// <remarks>
/// This stands where ASP.NET Core's authentication middleware would, because a request with a cached key must cost
/// nothing extra on the inference path: the key's shared authentication result becomes the request's user and
/// <see cref="IAuthenticateResultFeature"/> without allocating, and the authorization policies read it from there.
/// Tokens go through the JWT bearer handler. A request without a credential stays anonymous; a bad one carries its
/// failure, which <see cref="DeniedRequests"/> repeats if the endpoint needs a caller; a key store that cannot be read
/// fails as <see cref="KeyStoreUnavailableException"/>, and endpoints open to everyone, such as liveness, still answer.
/// </remarks>
internal sealed class CallerAuthentication(RequestDelegate next, ApiKeyValidator validator, AuthOptions options, ILogger<CallerAuthentication> logger)
{
    /// <summary>Authenticates the request, then passes it on.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var credential = PresentedCredential.Of(context.Request);
        if (credential.Length > 0)
        {
            var caller = await AuthenticateAsync(context, credential);
            if (caller.AuthenticateResult is { Succeeded: true } result)
                context.User = result.Principal!;
            context.Features.Set<IAuthenticateResultFeature>(caller);
        }
        await next(context);
    }

    private async ValueTask<AuthenticatedCaller> AuthenticateAsync(HttpContext context, StringSegment credential)
    {
        if (options.Oidc.Enabled && PresentedCredential.IsJwt(credential))
            return new AuthenticatedCaller(await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme), shared: false);
        try
        {
            return (await validator.ValidateAsync(credential, context.RequestAborted)).TryGetValue(out var caller, out var error)
                ? caller
                : new AuthenticatedCaller(AuthenticateResult.Fail(error.Message), shared: false);
        }
        catch (DbException e)
        {
            logger.LogError(e, "The key store failed while checking an API key on {Method} {Path}", context.Request.Method, context.Request.Path);
            return new AuthenticatedCaller(AuthenticateResult.Fail(new KeyStoreUnavailableException(e)), shared: false);
        }
    }
}
