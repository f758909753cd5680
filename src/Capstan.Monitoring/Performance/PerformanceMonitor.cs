using System.Diagnostics.Metrics;
using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Monitoring.Signals;
using Capstan.Registry.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Monitoring.Performance;

/// <summary>Recomputes every deployed model's realized performance on a schedule and publishes each version's latest figures as gauges on the <c>Capstan.Monitoring</c> meter.</summary>
/// <remarks>
/// Every <see cref="PerformanceOptions.Interval"/> it computes each deployment's report over
/// <see cref="PerformanceOptions.Window"/> and swaps in the new figures at once; a model that received no label over the
/// window is not computed (its predictions would all be unmatched) and has no figures. The gauges are
/// <c>capstan.performance.SIGNAL</c> for each <see cref="PerformanceSignals.All"/> name, plus
/// <c>capstan.performance.joined</c> and <c>capstan.performance.unmatched</c>, tagged <c>model</c> and <c>version</c>; a figure
/// the version's task lacks is not reported. A model that fails to compute (its outputs unclear, its log unreadable)
/// keeps no figures and is logged, and never stops the schedule. With <see cref="PerformanceOptions.Enabled"/> off the schedule
/// does not run and the gauges stay empty. Thread-safe.
/// </remarks>
public sealed class PerformanceMonitor : BackgroundService
{
    private readonly PerformanceCalculator _calculator;
    private readonly IDeploymentStore _deployments;
    private readonly PerformanceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PerformanceMonitor> _logger;
    private volatile IReadOnlyList<(string Model, VersionPerformance Version)> _latest = [];

    /// <summary>Creates the monitor and its gauges on a meter from <paramref name="meters"/>.</summary>
    public PerformanceMonitor(
        PerformanceCalculator calculator, IDeploymentStore deployments, PerformanceOptions options, TimeProvider time, IMeterFactory meters,
        ILogger<PerformanceMonitor> logger)
    {
        _calculator = calculator;
        _deployments = deployments;
        _options = options;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MonitoringMetrics.MeterName);
        foreach (var signal in PerformanceSignals.All)
            meter.CreateObservableGauge($"capstan.performance.{signal}", () => Observe(f => PerformanceSignals.Read(f, signal)), null,
                $"The realized {signal} of a deployed version over PerformanceOptions:Window, from the labels posted for its logged predictions.");
        meter.CreateObservableGauge("capstan.performance.joined", () => Observe(f => f.Joined), "{prediction}",
            "Logged predictions of a deployed version over PerformanceOptions:Window that had a label and were scored.");
        meter.CreateObservableGauge("capstan.performance.unmatched", () => Observe(f => f.Unmatched), "{prediction}",
            "Logged predictions of a deployed version over PerformanceOptions:Window with no label posted yet.");
    }

    /// <summary>Recomputes every deployed model's figures now and publishes them.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var latest = new List<(string, VersionPerformance)>();
        foreach (var deployment in await _deployments.ListDeploymentsAsync(cancellationToken))
        {
            try
            {
                var model = ModelName.Parse(deployment.Model).Value;
                if ((await _calculator.HasLabelsAsync(model, _options.Window, cancellationToken)) is { IsSuccess: true, Value: false })
                    continue;
                var report = await _calculator.ComputeAsync(model, new PerformanceQuery(_options.Window, _options.Window), cancellationToken);
                if (report.TryGetValue(out var computed, out var error))
                    latest.AddRange(computed.Versions.Select(v => (computed.Model, v)));
                else
                    _logger.LogDebug("No realized performance for {Model}: {Reason}", deployment.Model, error.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Computing the realized performance of {Model} failed", deployment.Model);
            }
        }
        _latest = latest;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
            return;
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Listing the deployments for realized performance failed; trying again in {Interval}", _options.Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private IEnumerable<Measurement<double>> Observe(Func<PerformanceFigures, double?> figure)
    {
        foreach (var (model, version) in _latest)
        {
            if (figure(version.Overall) is { } value)
                yield return new Measurement<double>(value, new("model", model), new("version", version.Version));
        }
    }
}
