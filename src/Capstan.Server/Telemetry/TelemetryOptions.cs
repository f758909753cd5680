namespace Capstan.Server.Telemetry;

/// <summary>Where metrics and traces go: the Prometheus endpoint <c>/metrics</c> always, and an OpenTelemetry collector over OTLP when one is named.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>TelemetryOptions</c> and checked at start. When
/// <see cref="OtlpEndpoint"/> is empty the standard variable <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is used instead; with
/// neither, nothing is exported over OTLP and no traces are recorded. <c>/metrics</c> needs a key with the read
/// permission unless <see cref="MetricsAnonymous"/> opens it to scrapers that carry none.
/// </remarks>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(TelemetryOptions);

    /// <summary>The OTLP collector's base address, such as <c>http://collector:4317</c>; empty for none (the default).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How OTLP is carried: <c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed over OTLP, and the longest traces wait in their batch (default one minute).</summary>
    public TimeSpan OtlpExportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether <c>/metrics</c> answers callers without a key (default false: it needs the read permission).</summary>
    public bool MetricsAnonymous { get; set; }

    /// <summary>Throws when the endpoint is not an absolute http or https address, the protocol is unknown or the interval not positive.</summary>
    public void Validate()
    {
        if (!string.IsNullOrEmpty(OtlpEndpoint) && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new ArgumentException($"The OTLP endpoint '{OtlpEndpoint}' is not an absolute http or https address.", nameof(OtlpEndpoint));
        if (OtlpProtocol is not ("grpc" or "http/protobuf"))
            throw new ArgumentException($"The OTLP protocol '{OtlpProtocol}' is neither 'grpc' nor 'http/protobuf'.", nameof(OtlpProtocol));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OtlpExportInterval, TimeSpan.Zero, nameof(OtlpExportInterval));
    }
}
