using System.Diagnostics.Metrics;
using Capstan.Core.Alerts;
using Capstan.Monitoring.Signals;

namespace Capstan.Monitoring.Alerts;

/// <summary>The <c>capstan.alert</c> gauge on the <c>Capstan.Monitoring</c> meter: 1 for each rule that is firing, 0 for each that is not, tagged with the rule and its model.</summary>
/// <remarks>The evaluator publishes the states its last pass saw; the gauge reads them when a collector asks. Thread-safe.</remarks>
public sealed class AlertMetrics
{
    private volatile IReadOnlyList<Alert> _alerts = [];

    /// <summary>Creates the gauge on a meter from <paramref name="meters"/>.</summary>
    public AlertMetrics(IMeterFactory meters) =>
        meters.Create(MonitoringMetrics.MeterName).CreateObservableGauge("capstan.alert", Observe, null, "1 while an alert rule is firing, 0 while it is not.");

    /// <summary>Replaces the states the gauge reports.</summary>
    public void Publish(IReadOnlyList<Alert> alerts) => _alerts = alerts;

    private IEnumerable<Measurement<int>> Observe() =>
        _alerts.Select(a => new Measurement<int>(
            a.Status.State == AlertState.Firing ? 1 : 0, new KeyValuePair<string, object?>("rule", a.Rule.Name), new KeyValuePair<string, object?>("model", a.Rule.Model)));
}
