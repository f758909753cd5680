using System.Globalization;
using System.Threading.RateLimiting;
using Capstan.Core.Errors;
using Capstan.Server.Problems;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Capstan.Server.Hardening;

/// <summary>The per-caller token buckets of <see cref="RateLimitOptions"/>, and the 429 answers in each plane's error shape.</summary>
/// <remarks>A caller is the <see cref="CapstanClaims.KeyId"/> claim of an authenticated request, else the remote IP address.</remarks>
public static class CallerRateLimits
{
    /// <summary>Sets the global limiter and the rejection of <paramref name="limiter"/> from <paramref name="options"/>.</summary>
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var plane = RequestPlanes.Of(context.Request);
            var (permits, burst) = RateOf(options, plane);
            if (permits == 0)
                return RateLimitPartition.GetNoLimiter("");
            var caller = context.User.FindFirst(CapstanClaims.KeyId)?.Value is { } key
                ? "key:" + key
                : "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter($"{plane}|{caller}", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = permits,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        limiter.OnRejected = (rejected, _) => RejectAsync(rejected.HttpContext, rejected.Lease, options);
    }

    /// <summary>Whether requests to <paramref name="plane"/> are limited at all.</summary>
    public static bool IsLimited(RateLimitOptions options, RequestPlane plane) => RateOf(options, plane).Permits > 0;

    private static (int Permits, int Burst) RateOf(RateLimitOptions options, RequestPlane plane) => plane switch
    {
        RequestPlane.InferenceRest or RequestPlane.InferenceGrpc => (options.InferencePermitsPerSecond, options.InferenceBurst),
        RequestPlane.ControlPlane => (options.ControlPlanePermitsPerSecond, options.ControlPlaneBurst),
        _ => (0, 0),
    };

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, RateLimitOptions options)
    {
        var plane = RequestPlanes.Of(context.Request);
        var (permits, burst) = RateOf(options, plane);
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        var retryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var error = new Error(ErrorCode.Overloaded,
            $"Too many requests from this caller: the limit is {permits} a second with bursts of {burst}; retry after {retryAfter} s.");
        context.Response.Headers.RetryAfter = retryAfter;
        await (plane == RequestPlane.InferenceGrpc
            ? PlaneErrors.WriteGrpcAsync(context, global::Grpc.Core.StatusCode.ResourceExhausted, error.Message)
            : PlaneErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, error));
    }
}
