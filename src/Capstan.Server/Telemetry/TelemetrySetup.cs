using Capstan.Monitoring.Signals;
using Capstan.Server.Security;
using Capstan.Serving.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Capstan.Server.Telemetry;

/// <summary>Registers OpenTelemetry: the serving, ASP.NET Core and runtime meters, the Prometheus endpoint, and OTLP export of metrics and request traces when configured.</summary>
public static class TelemetrySetup
{
    /// <summary>The standard variable that names an OTLP collector when <see cref="TelemetryOptions.OtlpEndpoint"/> does not.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] Meters = [ServingMetrics.MeterName, MonitoringMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>Runtime gauges renamed so that no gauge ends in <c>_count</c>, which Prometheus reserves for histograms and summaries.</summary>
    private static readonly (string Instrument, string Name)[] Renamed =
        [("dotnet.assembly.count", "dotnet.assemblies.loaded"), ("dotnet.process.cpu.count", "dotnet.process.cpus"), ("dotnet.timer.count", "dotnet.timers")];

    /// <summary>Binds <see cref="TelemetryOptions"/>, checks them at start and adds the meter provider, and the tracer provider when OTLP is configured.</summary>
    public static IServiceCollection AddCapstanTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var endpoint = string.IsNullOrEmpty(options.OtlpEndpoint) ? configuration[StandardEndpointVariable] : options.OtlpEndpoint;
        var otlp = !string.IsNullOrEmpty(endpoint);
        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(Meters).AddPrometheusExporter();
            foreach (var (instrument, name) in Renamed)
                metrics.AddView(instrument, name);
            if (otlp)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    Configure(exporter, options, endpoint!, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
                });
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddOtlpExporter(exporter =>
            {
                Configure(exporter, options, endpoint!, "v1/traces");
                exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
            }));
        }
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> in the Prometheus text format: for callers with the read permission, or anyone when <see cref="TelemetryOptions.MetricsAnonymous"/> says so.</summary>
    public static void MapCapstanMetrics(this WebApplication app)
    {
        var route = app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new HttpMethodMetadata([HttpMethods.Get])).WithTags("Telemetry");
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsAnonymous)
            route.AllowAnonymous();
        else
            route.RequireAuthorization(CapstanPolicies.Read);
    }

    /// <summary>Points an OTLP exporter at the collector: gRPC at its base address, HTTP at the signal's path under it.</summary>
    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, string endpoint, string signalPath)
    {
        var baseAddress = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
        if (options.OtlpProtocol == "http/protobuf")
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(baseAddress, signalPath);
            return;
        }
        exporter.Protocol = OtlpExportProtocol.Grpc;
        exporter.Endpoint = new Uri(endpoint);
    }
}
