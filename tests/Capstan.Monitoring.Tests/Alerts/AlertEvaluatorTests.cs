using System.Diagnostics.Metrics;
using Capstan.Core.Alerts;
using Capstan.Core.Security;
using Capstan.Monitoring.Alerts;
using Capstan.Registry.Stores;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Capstan.Monitoring.Tests.Alerts.AlertFixtures;

namespace Capstan.Monitoring.Tests.Alerts;

/// <summary>The alert state machine as the evaluator drives it, on a fake clock and a source whose values the test sets.</summary>
public sealed class AlertEvaluatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SettableSource _source = new();
    private readonly RecordingListener _listener = new();
    private readonly Meters _meters = new();
    private InMemoryRegistryStore _store = null!;
    private AlertEvaluator _evaluator = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreWithModelAsync(_time);
        _evaluator = Evaluator(_listener);
    }

    public ValueTask DisposeAsync()
    {
        _evaluator.Dispose();
        _meters.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task HoldingCondition_GoesPendingAndFiresOnceItHasHeldForTheForDuration()
    {
        await SetRuleAsync(forSeconds: 60);
        _source.Value = 0.1;

        await TickAsync();
        var pending = await StatusAsync();
        await TickAfterAsync(TimeSpan.FromSeconds(30));
        var stillPending = await StatusAsync();
        await TickAfterAsync(TimeSpan.FromSeconds(30));
        var firing = await StatusAsync();

        Assert.Equal((AlertState.Pending, Start, 0.1), (pending.State, pending.Since, pending.Value));
        Assert.Equal((AlertState.Pending, Start, Start.AddSeconds(30)), (stillPending.State, stillPending.Since, stillPending.EvaluatedAt));
        Assert.Equal((AlertState.Firing, Start.AddSeconds(60)), (firing.State, firing.Since));
        Assert.Equal([AlertChange.Pending, AlertChange.Firing], _listener.Notifications.Select(n => n.Transition.Change));
        Assert.Equal(Start, _listener.Notifications[1].Since);
        Assert.Equal([AlertChange.Firing, AlertChange.Pending], await HistoryAsync());
    }

    [Fact]
    public async Task ZeroForDuration_FiresAtTheFirstEvaluationThatFindsTheConditionTrue()
    {
        await SetRuleAsync(forSeconds: 0);
        _source.Value = 0.5;

        await TickAsync();

        Assert.Equal((AlertState.Firing, Start), ((await StatusAsync()).State, (await StatusAsync()).Since));
        var notification = Assert.Single(_listener.Notifications);
        Assert.Equal((AlertChange.Firing, 0.5, Start), (notification.Transition.Change, notification.Transition.Value, notification.Since));
        Assert.Equal([AlertChange.Firing], await HistoryAsync());
    }

    [Fact]
    public async Task FiringRule_ResolvesWhenTheConditionStopsHolding()
    {
        await SetRuleAsync(forSeconds: 0);
        _source.Value = 0.5;
        await TickAsync();
        _source.Value = 0.05;

        await TickAfterAsync(TimeSpan.FromMinutes(2));

        var status = await StatusAsync();
        Assert.Equal((AlertState.Inactive, Start.AddMinutes(2), 0.05), (status.State, status.Since, status.Value));
        var resolved = _listener.Notifications[^1];
        Assert.Equal((AlertChange.Resolved, Start), (resolved.Transition.Change, resolved.Since));
        Assert.Equal([AlertChange.Resolved, AlertChange.Firing], await HistoryAsync());
    }

    [Fact]
    public async Task PendingRule_IsCancelledWhenTheConditionStopsBeforeTheForDuration()
    {
        await SetRuleAsync(forSeconds: 300);
        _source.Value = 0.1;
        await TickAsync();
        _source.Value = 0.01;

        await TickAfterAsync(TimeSpan.FromMinutes(1));
        _source.Value = 0.1;
        await TickAfterAsync(TimeSpan.FromMinutes(4));

        var status = await StatusAsync();
        Assert.Equal((AlertState.Pending, Start.AddMinutes(5)), (status.State, status.Since));
        Assert.Equal([AlertChange.Pending, AlertChange.Cancelled, AlertChange.Pending], _listener.Notifications.Select(n => n.Transition.Change));
        Assert.DoesNotContain(AlertChange.Firing, await HistoryAsync());
    }

    [Fact]
    public async Task NoData_KeepsTheStateAndTheLastValueAndNotesWhy()
    {
        await SetRuleAsync(forSeconds: 0);
        _source.Value = 0.5;
        await TickAsync();

        _source.Value = null;
        await TickAfterAsync(TimeSpan.FromSeconds(30));
        var noData = await StatusAsync();
        _source.Failure = new InvalidOperationException("the log is unreadable");
        await TickAfterAsync(TimeSpan.FromSeconds(30));
        var failing = await StatusAsync();
        _source.Value = double.NaN;
        _source.Failure = null;
        await TickAfterAsync(TimeSpan.FromSeconds(30));
        var notANumber = await StatusAsync();

        Assert.Equal((AlertState.Firing, Start, 0.5, Start.AddSeconds(30)), (noData.State, noData.Since, noData.Value, noData.EvaluatedAt));
        Assert.Equal("no data for error_rate of 'bc' over the last 300 s", noData.Note);
        Assert.Equal((AlertState.Firing, "reading error_rate failed: the log is unreadable"), (failing.State, failing.Note));
        Assert.Equal((AlertState.Firing, 0.5, "the source gave NaN for error_rate, which is not a finite number"), (notANumber.State, notANumber.Value, notANumber.Note));
        Assert.Single(_listener.Notifications);
        _source.Value = 0.6;
        await TickAfterAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((AlertState.Firing, 0.6, null), ((await StatusAsync()).State, (await StatusAsync()).Value, (await StatusAsync()).Note));
    }

    [Fact]
    public async Task RuleOnASignalNoSourceProvides_StaysInactiveWithANote()
    {
        Assert.True((await _store.SetAlertRuleAsync(Rule(0) with { Signal = "drift" }, Actor.System, Ct)).IsSuccess);

        await TickAsync();

        Assert.Equal((AlertState.Inactive, "no signal source provides 'drift'"), ((await StatusAsync()).State, (await StatusAsync()).Note));
    }

    [Fact]
    public async Task TwoEvaluatorsOnOneStore_MakeEachTransitionOnceAndNotifyOnce()
    {
        await SetRuleAsync(forSeconds: 0);
        _source.Value = 0.5;
        _source.Rendezvous = 2;
        var otherListener = new RecordingListener();
        using var other = Evaluator(otherListener);

        await Task.WhenAll(_evaluator.TickAsync(Ct), other.TickAsync(Ct));

        Assert.Single(_listener.Notifications.Concat(otherListener.Notifications));
        Assert.Equal([AlertChange.Firing], await HistoryAsync());
        Assert.Equal((AlertState.Firing, 2L), ((await StatusAsync()).State, (await StatusAsync()).Revision));
    }

    [Fact]
    public async Task FailingListener_DoesNotKeepTheOthersFromTheTransition()
    {
        await SetRuleAsync(forSeconds: 0);
        _source.Value = 0.5;
        using var evaluator = Evaluator(new ThrowingListener(), _listener);

        await evaluator.TickAsync(Ct);

        Assert.Single(_listener.Notifications);
        Assert.Equal(AlertState.Firing, (await StatusAsync()).State);
    }

    [Fact]
    public async Task AlertGauge_IsOneWhileARuleFiresAndZeroOnceItResolves()
    {
        await SetRuleAsync(forSeconds: 0);
        _source.Value = 0.5;
        await TickAsync();
        var firing = Gauge();
        _source.Value = 0;
        await TickAfterAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([(1, "bc-errors", "bc")], firing);
        Assert.Equal([(0, "bc-errors", "bc")], Gauge());
    }

    private AlertEvaluator Evaluator(params IAlertListener[] listeners) =>
        new(_store, [_source], listeners, new AlertMetrics(_meters), new AlertOptions(), _time, NullLogger<AlertEvaluator>.Instance);

    private async Task SetRuleAsync(long forSeconds) => Assert.True((await _store.SetAlertRuleAsync(Rule(forSeconds), Actor.System, Ct)).IsSuccess);

    private Task TickAsync() => _evaluator.TickAsync(Ct);

    private Task TickAfterAsync(TimeSpan wait)
    {
        _time.Advance(wait);
        return TickAsync();
    }

    private async Task<AlertStatus> StatusAsync() => (await _store.GetAlertAsync("bc-errors", Ct)).Value.Status;

    private async Task<AlertChange[]> HistoryAsync() => [.. (await _store.GetAlertHistoryAsync("bc-errors", 100, Ct)).Value.Select(t => t.Change)];

    private List<(int Value, string? Rule, string? Model)> Gauge()
    {
        var seen = new List<(int, string?, string?)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Signals.MonitoringMetrics.MeterName && instrument.Name == "capstan.alert")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            seen.Add((value, all.FirstOrDefault(t => t.Key == "rule").Value as string, all.FirstOrDefault(t => t.Key == "model").Value as string));
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    private sealed class ThrowingListener : IAlertListener
    {
        public Task OnTransitionAsync(AlertNotification notification, CancellationToken cancellationToken) => throw new InvalidOperationException("listener down");
    }
}
