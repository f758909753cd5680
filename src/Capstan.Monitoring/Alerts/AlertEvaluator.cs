using Capstan.Core.Alerts;
using Capstan.Monitoring.Signals;
using Capstan.Registry.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Monitoring.Alerts;

/// <summary>Evaluates every alert rule once per <see cref="AlertOptions.EvaluationInterval"/>: reads its signal, moves its state, stores it, and tells the listeners of each transition.</summary>
/// <remarks>
/// A rule's signal comes from the first registered <see cref="ISignalSource"/> that provides it. Each state is saved over
/// the revision it was read at, so with several replicas on one database exactly one of them makes each transition and
/// calls its listeners; the others' saves are refused and they move on. A rule whose source fails or has no data keeps
/// its state, with the reason noted. Passes never overlap; <see cref="TickAsync"/> runs one, for tests that drive a fake clock.
/// </remarks>
public sealed class AlertEvaluator(
    IAlertStore store, IEnumerable<ISignalSource> sources, IEnumerable<IAlertListener> listeners, AlertMetrics metrics, AlertOptions options,
    TimeProvider time, ILogger<AlertEvaluator> logger) : BackgroundService
{
    private const int MaxNoteLength = 500;

    private readonly ISignalSource[] _sources = [.. sources];
    private readonly IAlertListener[] _listeners = [.. listeners];
    private readonly SemaphoreSlim _tick = new(1, 1);

    /// <summary>Evaluates every rule once.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _tick.WaitAsync(cancellationToken);
        try
        {
            var alerts = await store.ListAlertsAsync(cancellationToken);
            var evaluated = new List<Alert>(alerts.Count);
            foreach (var alert in alerts)
                evaluated.Add(await EvaluateAsync(alert, cancellationToken));
            metrics.Publish(evaluated);
        }
        finally
        {
            _tick.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
            return;
        while (true)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "An alert evaluation pass failed; the next one runs in {Interval}.", options.EvaluationInterval);
            }
            try
            {
                await Task.Delay(options.EvaluationInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Alert> EvaluateAsync(Alert alert, CancellationToken cancellationToken)
    {
        var rule = alert.Rule;
        var (value, note) = await ReadAsync(rule, cancellationToken);
        var (next, transition) = AlertStateMachine.Next(rule, alert.Status, value, note, time.GetUtcNow());
        if (!(await store.SaveAlertStatusAsync(rule.Name, alert.Status.Revision, next, transition, cancellationToken)).TryGetValue(out var saved, out var error))
        {
            logger.LogDebug("The state of alert rule {Rule} was not saved: {Error}", rule.Name, error.Message);
            return alert;
        }
        if (transition is not null)
        {
            logger.LogInformation(
                "Alert rule {Rule} on model {Model}: {Change} ({Condition}, value {Value})", rule.Name, rule.Model, transition.Change, rule.Condition, transition.Value);
            var notification = new AlertNotification(rule, transition with { At = saved.Since ?? transition.At }, alert.Status, saved);
            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnTransitionAsync(notification, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Alert listener {Listener} failed on the {Change} of alert rule {Rule}.", listener.GetType().Name, transition.Change, rule.Name);
                }
            }
        }
        return alert with { Status = saved };
    }

    private async Task<(double? Value, string? Note)> ReadAsync(AlertRule rule, CancellationToken cancellationToken)
    {
        if (Array.Find(_sources, s => s.Provides(rule.Signal)) is not { } source)
            return (null, $"no signal source provides '{rule.Signal}'");
        try
        {
            return await source.ReadAsync(rule.Model, rule.Signal, rule.Window, cancellationToken) switch
            {
                null => (null, $"no data for {rule.Signal} of '{rule.Model}' over the last {rule.WindowSeconds} s"),
                { } read when !double.IsFinite(read) => (null, $"the source gave {read} for {rule.Signal}, which is not a finite number"),
                { } read => (read, null),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Reading {Signal} of {Model} for alert rule {Rule} failed.", rule.Signal, rule.Model, rule.Name);
            var note = $"reading {rule.Signal} failed: {e.Message}";
            return (null, note.Length > MaxNoteLength ? note[..MaxNoteLength] : note);
        }
    }
}
