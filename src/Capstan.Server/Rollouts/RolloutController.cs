using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Rollouts;
using Capstan.Core.Serving;
using Capstan.Registry.Service;
using Capstan.Serving.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Server.Rollouts;

/// <summary>Drives progressive rollouts: every second, each progressing rollout whose step has been held long enough is analysed and advanced, promoted or aborted.</summary>
/// <remarks>
/// A step is judged on the requests each version answered since the step began, read from this process's counters
/// (<see cref="IRolloutTraffic"/>): the controller samples them when it first sees the step and subtracts that sample
/// at the analysis. A process that starts mid-step (after a restart) samples then, so the hold counts from then.
/// A rollout whose deployment was changed outside it (a deploy or rollback by hand) is stopped and its traffic left as
/// that change set it. Ticks never overlap; <see cref="TickAsync"/> runs one, for tests that drive a fake clock.
/// </remarks>
/// <param name="rollouts">Lists rollouts and carries out the decisions.</param>
/// <param name="deployments">Reads the deployments the rollouts change.</param>
/// <param name="traffic">The counters the analyses read.</param>
/// <param name="time">The clock that times the holds.</param>
/// <param name="logger">Where decisions and failures are logged.</param>
public sealed class RolloutController(
    RolloutService rollouts, DeploymentService deployments, IRolloutTraffic traffic, TimeProvider time, ILogger<RolloutController> logger) : BackgroundService
{
    /// <summary>How often the rollouts are looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How often an analysis that cannot judge a step yet is recorded again while the step holds.</summary>
    public static readonly TimeSpan InconclusiveRecordInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _tick = new(1, 1);
    private readonly Dictionary<string, StepWindow> _windows = new(StringComparer.Ordinal);

    /// <summary>Looks at every rollout in progress once and acts on those whose hold is over.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _tick.WaitAsync(cancellationToken);
        try
        {
            var active = await rollouts.ListActiveAsync(cancellationToken);
            foreach (var gone in _windows.Keys.Except(active.Select(r => r.Model)).ToList())
                _windows.Remove(gone);
            foreach (var rollout in active.Where(r => r.State == RolloutState.Progressing))
                await DecideAsync(rollout, cancellationToken);
        }
        finally
        {
            _tick.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                logger.LogError(e, "A rollout pass failed; the next one runs in {Interval}.", Interval);
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DecideAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        if (!(await deployments.GetAsync(rollout.Model, cancellationToken)).TryGetValue(out var deployment, out var error)
            || deployment.Revision != rollout.DeploymentRevision)
        {
            var why = deployment is null || error.Code == ErrorCode.NotFound
                ? $"rollout stopped at step {rollout.Step}: the model was undeployed"
                : $"rollout stopped at step {rollout.Step}: the deployment was changed outside the rollout (revision {deployment.Revision} by {deployment.UpdatedBy}); its traffic is left as that change set it";
            Log(await rollouts.StopAsync(rollout, why, cancellationToken), why);
            return;
        }
        var now = time.GetUtcNow();
        var canaryVersion = ModelReference.Parse(rollout.Canary).Value.Version!.Value;
        var (stableNow, canaryNow) = traffic.Sample(rollout.Model, canaryVersion);
        var key = (rollout.StartedAt, rollout.Step, rollout.StepStartedAt);
        if (!_windows.TryGetValue(rollout.Model, out var window) || window.Key != key)
        {
            _windows[rollout.Model] = new StepWindow(key, stableNow, canaryNow, now);
            return;
        }
        var heldSince = rollout.StepStartedAt > window.ObservedFrom ? rollout.StepStartedAt : window.ObservedFrom;
        if (now - heldSince < TimeSpan.FromSeconds(rollout.Current.HoldSeconds))
            return;
        var analysis = CanaryAnalysis.Analyze(rollout.Step, rollout.Thresholds, Since(stableNow, window.Stable), Since(canaryNow, window.Canary), now);
        switch (analysis.Verdict)
        {
            case RolloutVerdict.Passed:
                var advanced = await rollouts.AdvanceAsync(rollout, analysis, cancellationToken);
                if (advanced.IsSuccess && advanced.Value.State == RolloutState.Progressing)
                    _windows[rollout.Model] = new StepWindow(
                        (advanced.Value.StartedAt, advanced.Value.Step, advanced.Value.StepStartedAt), stableNow, canaryNow, advanced.Value.StepStartedAt);
                Log(advanced, analysis.Summary);
                break;
            case RolloutVerdict.Failed:
                Log(await rollouts.AbortAsync(rollout, analysis, cancellationToken), analysis.Summary);
                break;
            default:
                if (rollout.LastAnalysis is not { Verdict: RolloutVerdict.Inconclusive } last || last.Step != rollout.Step
                    || now - last.At >= InconclusiveRecordInterval)
                    Log(await rollouts.RecordAsync(rollout, analysis, cancellationToken), analysis.Summary);
                break;
        }
    }

    private static TrafficStatistics Since(TrafficSample? now, TrafficSample? start) => now?.Since(start) ?? new TrafficStatistics(0, 0, 0, 0, 0);

    private void Log(Result<Rollout> decided, string why)
    {
        if (decided.TryGetValue(out var rollout, out var error))
            logger.LogInformation("Rollout of {Canary}: {State} at step {Step}: {Why}", rollout.Canary, rollout.State, rollout.Step, why);
        else
            logger.LogWarning("A rollout decision was not recorded: {Error}", error.Message);
    }

    /// <summary>The counters of one step as the controller first saw them.</summary>
    private sealed record StepWindow(
        (DateTimeOffset StartedAt, int Step, DateTimeOffset StepStartedAt) Key, TrafficSample? Stable, TrafficSample? Canary, DateTimeOffset ObservedFrom);
}
