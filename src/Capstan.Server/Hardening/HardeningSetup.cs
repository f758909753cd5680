using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Capstan.Server.Hardening;

/// <summary>Registers and applies the hardened surface: Kestrel's request limits, per-caller rate limits, CORS and security headers.</summary>
public static class HardeningSetup
{
    /// <summary>The name of the CORS policy built from <see cref="CrossOriginOptions"/>.</summary>
    public const string CorsPolicy = "capstan";

    /// <summary>Binds <see cref="HttpLimitsOptions"/>, <see cref="RateLimitOptions"/> and <see cref="CrossOriginOptions"/> from configuration, checks them at start and applies them.</summary>
    public static IServiceCollection AddCapstanHardening(this IServiceCollection services)
    {
        services.AddOptions<HttpLimitsOptions>().BindConfiguration(HttpLimitsOptions.SectionName).Validate(Valid<HttpLimitsOptions>(o => o.Validate())).ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).Validate(Valid<RateLimitOptions>(o => o.Validate())).ValidateOnStart();
        services.AddOptions<CrossOriginOptions>().BindConfiguration(CrossOriginOptions.SectionName).Validate(Valid<CrossOriginOptions>(o => o.Validate())).ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitsOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, options) => CallerRateLimits.Configure(limiter, options.Value));
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CrossOriginOptions>>((cors, options) =>
            cors.AddPolicy(CorsPolicy, policy => policy.WithOrigins(options.Value.AllowedOrigins).AllowAnyHeader().AllowAnyMethod()));
        return services;
    }

    /// <summary>Adds the security headers and CORS, and hands gRPC calls' body limit to gRPC; call before the routes.</summary>
    /// <remarks>
    /// CORS runs only for requests that carry an <c>Origin</c> header: without one it has nothing to do, yet it would
    /// still allocate the request's items dictionary to mark that it ran, on every inference request.
    /// Kestrel's body limit (<see cref="HttpLimitsOptions.MaxRequestBodyBytes"/>) is for REST bodies; a gRPC call's
    /// message is bounded by the service's receive limit instead, which answers ResourceExhausted.
    /// </remarks>
    public static WebApplication UseCapstanHardening(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = null;
            return next(context);
        });
        app.UseSecurityHeaders();
        app.UseWhen(context => context.Request.Headers.ContainsKey(HeaderNames.Origin), cors => cors.UseCors(CorsPolicy));
        return app;
    }

    /// <summary>Adds the per-caller rate limits; call after authentication, so that a caller is known by its key.</summary>
    /// <remarks>Requests to a plane without a limit (inference, by default) do not pass through the limiter at all.</remarks>
    public static WebApplication UseCapstanRateLimits(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<RateLimitOptions>>();
        app.UseWhen(context => CallerRateLimits.IsLimited(options.Value, RequestPlanes.Of(context.Request)), limited => limited.UseRateLimiter());
        return app;
    }

    private static Func<T, bool> Valid<T>(Action<T> validate) => options =>
    {
        validate(options);
        return true;
    };
}
