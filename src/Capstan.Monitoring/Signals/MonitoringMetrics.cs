namespace Capstan.Monitoring.Signals;

/// <summary>The meter on which monitoring publishes its drift and realized performance gauges.</summary>
public static class MonitoringMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Capstan.Monitoring";
}
