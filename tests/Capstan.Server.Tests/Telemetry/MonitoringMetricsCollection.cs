namespace Capstan.Server.Tests.Telemetry;

/// <summary>The tests that read monitoring gauges from /metrics, run when no other test server is starting or stopping.</summary>
/// <remarks>
/// OpenTelemetry shares one metric stream between same-named instruments of every server in the test process, and a
/// server stopping meanwhile ends the stream that the running server's gauges feed, so they would vanish from its
/// /metrics. One server per process, as in production, never sees this.
/// </remarks>
[CollectionDefinition(nameof(MonitoringMetricsCollection), DisableParallelization = true)]
public sealed class MonitoringMetricsCollection;
