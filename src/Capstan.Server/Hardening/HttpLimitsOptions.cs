namespace Capstan.Server.Hardening;

/// <summary>The limits every HTTP connection and request must keep before a route sees it: headers, request line, body, timeouts and gRPC messages.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>HttpLimitsOptions</c> and checked at start.
/// <see cref="MaxRequestBodyBytes"/> bounds the control plane's JSON routes; the push route raises its own limit to the
/// artifact limit, and inference raises its own to <c>ServingLimits.MaxRequestBytes</c>. Too many or too large headers
/// answer 431, a too long request line 414, and a body over its limit 413, with or without a Content-Length.
/// </remarks>
public sealed class HttpLimitsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(HttpLimitsOptions);

    /// <summary>The most headers one request may send (default 100).</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The most bytes all headers of one request may take together (default 32 KiB).</summary>
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The longest request line (method, path and query), in bytes (default 8 KiB).</summary>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>The largest request body of a route that sets no limit of its own, in bytes (default 1 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long an idle connection stays open (default 2 minutes).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a client may take to send a request's headers (default 30 seconds).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest gRPC message the server sends, in bytes (default 256 MiB); the largest it receives is <c>ServingLimits.MaxRequestBytes</c>.</summary>
    public int MaxGrpcSendMessageBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Throws when a limit is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestHeaderCount, nameof(MaxRequestHeaderCount));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestHeadersTotalBytes, nameof(MaxRequestHeadersTotalBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestLineBytes, nameof(MaxRequestLineBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestBodyBytes, nameof(MaxRequestBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(KeepAliveTimeout, TimeSpan.Zero, nameof(KeepAliveTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestHeadersTimeout, TimeSpan.Zero, nameof(RequestHeadersTimeout));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGrpcSendMessageBytes, nameof(MaxGrpcSendMessageBytes));
    }
}
