using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Hardening;

/// <summary>Adds the headers that stop a browser from misreading or framing the server's answers.</summary>
/// <remarks>
/// Every answer says <c>X-Content-Type-Options: nosniff</c>, so JSON that echoes user text is never sniffed as HTML;
/// HTML answers also get a strict content security policy (same-origin resources only, no inline script), are never
/// framed, and send no referrer.
/// </remarks>
public static class SecurityHeaders
{
    /// <summary>The content security policy of HTML answers.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response of <paramref name="app"/>; the HTML ones just before the headers are sent, to answers of routes that can be HTML.</summary>
    /// <remarks>The inference, gRPC and control-plane routes only ever answer JSON or protobuf, so they get nosniff alone, at no cost per request.</remarks>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (RequestPlanes.Of(context.Request) != RequestPlane.Other)
            return next(context);
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            var headers = response.Headers;
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
            }
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
