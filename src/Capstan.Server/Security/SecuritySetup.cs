using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Capstan.Server.Hardening;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Capstan.Server.Security;

/// <summary>Registers authentication (API keys, OIDC tokens when configured), the per-permission policies and the denial responses.</summary>
public static class SecuritySetup
{
    private const string SelectorScheme = "Capstan";

    /// <summary>Adds the schemes and policies <paramref name="options"/> asks for; with authentication disabled there are no schemes and every policy allows everyone.</summary>
    public static IServiceCollection AddCapstanSecurity(this IServiceCollection services, AuthOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<DenialRecorder>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DeniedRequests>();
        services.AddAuthorization(authorization => CapstanPolicies.Configure(authorization, enforced: !options.Disabled));
        if (options.Disabled)
        {
            services.AddAuthentication();
            return services;
        }
        var oidc = options.Oidc;
        var authentication = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or OIDC token", scheme => scheme.ForwardDefaultSelector = context =>
                oidc.Enabled && PresentedCredential.IsJwt(context.Request) ? JwtBearerDefaults.AuthenticationScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (oidc.Enabled)
            authentication.AddJwtBearer(jwt => ConfigureJwt(jwt, oidc));
        return services;
    }

    /// <summary>Adds routing, authentication, the per-caller rate limits (which know a caller by its key) and authorization, in that order.</summary>
    public static WebApplication UseCapstanSecurity(this WebApplication app)
    {
        app.UseRouting();
        app.UseAuthentication();
        app.UseCapstanRateLimits();
        app.UseAuthorization();
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
