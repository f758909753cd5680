using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Monitoring.Signals;
using Capstan.Registry.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Monitoring.Drift;

/// <summary>Evaluates every deployed model that has a reference profile over the sliding window on a schedule, keeps the latest results, and publishes them as gauges.</summary>
/// <remarks>
/// <para>Every <see cref="DriftOptions.Interval"/>, each deployed model with at least one profiled version is evaluated
/// over the <see cref="DriftOptions.Window"/> that ends then, with each feature's default test and
/// <see cref="DriftOptions.DriftShare"/>. A model that fails to evaluate is logged and skipped until the next pass.</para>
/// <para>Gauges on the <see cref="MonitoringMetrics.MeterName"/> meter, per model and version of the latest results:
/// <c>capstan.drift.share</c> and <c>capstan.drift.detected</c> (the inputs), <c>capstan.drift.prediction.share</c>
/// and <c>capstan.drift.prediction.detected</c> (the answers), <c>capstan.drift.rows</c> (the rows tested), and each
/// column's <c>capstan.drift.feature.statistic</c> and <c>capstan.drift.prediction.statistic</c> tagged with its
/// <c>feature</c> and <c>test</c>.</para>
/// <para>Results are kept per model and window; <see cref="GetAsync"/> reuses one for an interval and evaluates
/// afresh after. Thread-safe.</para>
/// </remarks>
public sealed class DriftMonitor : BackgroundService
{
    private readonly IRegistryStore _store;
    private readonly DriftEvaluator _evaluator;
    private readonly DriftOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DriftMonitor> _logger;
    private readonly ConcurrentDictionary<(string Model, TimeSpan Window), DriftReport> _latest = new();

    /// <summary>Creates the monitor and its gauges on a meter from <paramref name="meters"/>.</summary>
    public DriftMonitor(IRegistryStore store, DriftEvaluator evaluator, DriftOptions options, TimeProvider time, IMeterFactory meters, ILogger<DriftMonitor> logger)
    {
        (_store, _evaluator, _options, _time, _logger) = (store, evaluator, options, time, logger);
        var meter = meters.Create(MonitoringMetrics.MeterName);
        meter.CreateObservableGauge("capstan.drift.share", () => Observe(v => v.Dataset?.DriftedShare), null, "The share of a version's input features that drifted over the drift window.");
        meter.CreateObservableGauge("capstan.drift.detected", () => Observe(v => Flag(v.Dataset)), null, "1 when a version's inputs drifted over the drift window (the drifted share reached the threshold), else 0.");
        meter.CreateObservableGauge("capstan.drift.prediction.share", () => Observe(v => v.Predictions?.DriftedShare), null, "The share of a version's prediction columns that drifted over the drift window.");
        meter.CreateObservableGauge("capstan.drift.prediction.detected", () => Observe(v => Flag(v.Predictions)), null, "1 when a version's predictions drifted over the drift window, else 0.");
        meter.CreateObservableGauge("capstan.drift.rows", () => Observe(v => v.Dataset is null ? null : v.Rows), null, "The logged rows a version answered in the drift window, which its drift was tested on.");
        meter.CreateObservableGauge("capstan.drift.feature.statistic", () => ObserveColumns(v => v.Dataset), null, "Each input feature's drift statistic or distance over the drift window.");
        meter.CreateObservableGauge("capstan.drift.prediction.statistic", () => ObserveColumns(v => v.Predictions), null, "Each prediction column's drift statistic or distance over the drift window.");
    }

    /// <summary>The drift of <paramref name="model"/> over the <paramref name="window"/> that ends now: a result at most one interval old, or a fresh evaluation.</summary>
    public async Task<Result<DriftReport>> GetAsync(ModelName model, TimeSpan window, CancellationToken cancellationToken)
    {
        if (_latest.TryGetValue((model.Value, window), out var cached) && _time.GetUtcNow() - cached.Until <= _options.Interval)
            return cached;
        var evaluated = await _evaluator.EvaluateAsync(model, window, new DriftSettings(Share: _options.DriftShare), cancellationToken);
        if (evaluated.TryGetValue(out var report, out _))
            _latest[(model.Value, window)] = report;
        return evaluated;
    }

    /// <summary>Runs one scheduled pass over every deployed model; the background loop and tests call it.</summary>
    public async Task EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in await _store.ListDeploymentsAsync(cancellationToken))
        {
            var model = ModelName.Parse(deployment.Model).Value;
            if (!(await _store.ListProfiledVersionsAsync(model, cancellationToken)).TryGetValue(out var profiled, out _) || profiled.Count == 0)
                continue;
            var result = await _evaluator.EvaluateAsync(model, _options.Window, new DriftSettings(Share: _options.DriftShare), cancellationToken);
            if (!result.TryGetValue(out var report, out var error))
            {
                _logger.LogWarning("Evaluating the drift of {Model} failed: {Error}", deployment.Model, error);
                continue;
            }
            _latest[(deployment.Model, _options.Window)] = report;
            evaluated.Add(deployment.Model);
        }
        var now = _time.GetUtcNow();
        foreach (var (key, report) in _latest)
        {
            var stale = key.Window == _options.Window ? !evaluated.Contains(key.Model) : now - report.Until > 2 * _options.Interval;
            if (stale)
                _latest.TryRemove(key, out _);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EvaluateOnceAsync(stoppingToken);
                await Task.Delay(_options.Interval, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Evaluating drift failed; trying again in {Interval}", _options.Interval);
                await Task.Delay(_options.Interval, _time, CancellationToken.None);
            }
        }
    }

    private IEnumerable<(string Model, VersionDrift Version)> Scheduled() =>
        _latest.Where(p => p.Key.Window == _options.Window).SelectMany(p => p.Value.Versions.Select(v => (p.Key.Model, v)));

    private IEnumerable<Measurement<double>> Observe(Func<VersionDrift, double?> value)
    {
        foreach (var (model, version) in Scheduled())
        {
            if (value(version) is { } measured)
                yield return new Measurement<double>(measured, Tags(model, version));
        }
    }

    private IEnumerable<Measurement<double>> ObserveColumns(Func<VersionDrift, DriftVerdict?> verdict)
    {
        foreach (var (model, version) in Scheduled())
        {
            foreach (var feature in verdict(version)?.Features ?? [])
                yield return new Measurement<double>(feature.Statistic, [.. Tags(model, version), new("feature", feature.Feature), new("test", DriftTests.NameOf(feature.Test))]);
        }
    }

    private static double? Flag(DriftVerdict? verdict) => verdict is null ? null : verdict.Drifted ? 1 : 0;

    private static KeyValuePair<string, object?>[] Tags(string model, VersionDrift version) =>
        [new("model", model), new("version", version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
