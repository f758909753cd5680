using System.Security.Cryptography;
using Capstan.Server.Hardening;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Capstan.Server.Security;

/// <summary>Registers authentication (API keys, OIDC tokens when configured), the per-permission policies and the denial responses.</summary>
public static class SecuritySetup
{
    /// <summary>Adds what checks callers, and the JWT bearer scheme when OIDC is configured.</summary>
    /// <remarks>
    /// API keys need no authentication scheme (<see cref="CallerAuthentication"/> checks them), and without a scheme the
    /// framework adds no authentication middleware of its own, which would cost every request. Endpoints' authorization
    /// metadata is enforced by <see cref="EndpointAuthorization"/>, so the routing check for an authorization
    /// middleware is turned off.
    /// </remarks>
    public static IServiceCollection AddCapstanSecurity(this IServiceCollection services, AuthOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<DenialRecorder>();
        services.AddSingleton<DeniedRequests>();
        services.Configure<RouteOptions>(routing => routing.SuppressCheckForUnhandledSecurityMetadata = true);
        if (options.Oidc.Enabled && !options.Disabled)
            services.AddAuthentication().AddJwtBearer(jwt => ConfigureJwt(jwt, options.Oidc));
        return services;
    }

    /// <summary>Adds authentication (unless it is off), the per-caller rate limits (which know a caller by its key) and authorization, in that order; call after routing.</summary>
    public static WebApplication UseCapstanSecurity(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<AuthOptions>().Disabled)
            app.UseMiddleware<CallerAuthentication>();
        app.UseCapstanRateLimits();
        app.UseMiddleware<EndpointAuthorization>();
        return app;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, OidcOptions oidc)
    {
        jwt.MapInboundClaims = false;
        jwt.Authority = string.IsNullOrWhiteSpace(oidc.Authority) ? null : oidc.Authority;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = oidc.Issuer ?? oidc.Authority,
            ValidateIssuer = (oidc.Issuer ?? oidc.Authority) is not null,
            ValidAudience = oidc.Audience,
            ValidateAudience = oidc.Audience is not null,
            IssuerSigningKey = string.IsNullOrWhiteSpace(oidc.SigningKeyFile) ? null : SigningKey(oidc.SigningKeyFile),
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                context.Principal = OidcRoles.Map(context.Principal!, oidc);
                return Task.CompletedTask;
            },
        };
    }

    private static SecurityKey SigningKey(string pemFile)
    {
        var pem = File.ReadAllText(pemFile);
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
