using Capstan.Core.Naming;
using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Training.Pipelines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Training.Runs;

/// <summary>Starts runs on the triggers that are checked by time: cron schedules and new labelled rows.</summary>
/// <remarks>
/// Every <see cref="TrainingOptions.TriggerInterval"/> (by the injected clock) each pipeline's schedule is evaluated in
/// UTC: the latest due time since the spec was applied (at most a day back) queues one run whose trigger key is that due
/// time, so however many replicas see it, and however often they look, it runs once; earlier missed times are not
/// caught up. The labels trigger counts the labels reported for the pipeline's model since its last run was queued (or
/// since the spec was applied) and queues a run once there are at least <c>after_labels</c>.
/// </remarks>
public sealed class PipelineTriggers(
    IPipelineStore store, IFeedbackStore feedback, PipelineService pipelines, TrainingOptions options, TimeProvider time, ILogger<PipelineTriggers> logger)
    : BackgroundService
{
    /// <summary>The longest a schedule looks back for a due time it missed.</summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromDays(1);

    /// <summary>Looks at every pipeline's schedule and label count once, queuing the runs that are due.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var pipeline in await store.ListPipelinesAsync(cancellationToken))
        {
            if (!PipelineSpecReader.Parse(pipeline.Spec, pipeline.Name).TryGetValue(out var spec, out _))
                continue;
            if (spec.Triggers.Schedule is not null && Due(spec.Triggers, pipeline.UpdatedAt > now - CatchUp ? pipeline.UpdatedAt : now - CatchUp, now) is { } due)
                await QueueAsync(pipeline.Name, "schedule", $"schedule:{pipeline.Name}:{due.UtcDateTime:O}", cancellationToken);
            if (spec.Triggers.AfterLabels is { } wanted && ModelName.Parse(spec.Model).TryGetValue(out var model, out _))
            {
                var last = (await store.ListRunsAsync(pipeline.Name, null, 1, cancellationToken)).FirstOrDefault();
                var since = last is null || last.QueuedAt < pipeline.UpdatedAt ? pipeline.UpdatedAt : last.QueuedAt;
                var labels = await feedback.ListFeedbackAsync(model, since, now, wanted, cancellationToken);
                if (labels.IsSuccess && labels.Value.Count >= wanted)
                    await QueueAsync(pipeline.Name, "labels", $"labels:{pipeline.Name}:{last?.Id ?? pipeline.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}", cancellationToken);
            }
        }
    }

    /// <summary>The latest time in (<paramref name="after"/>, <paramref name="now"/>] that <paramref name="triggers"/>' schedule fires, or null.</summary>
    public static DateTimeOffset? Due(TriggerSpec triggers, DateTimeOffset after, DateTimeOffset now)
    {
        DateTimeOffset? due = null;
        for (var next = triggers.NextScheduled(after); next is { } at && at <= now; next = triggers.NextScheduled(at))
            due = at;
        return due;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Checking the pipeline triggers failed; trying again in {Interval}", options.TriggerInterval);
            }
            try
            {
                await Task.Delay(options.TriggerInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task QueueAsync(string pipeline, string trigger, string key, CancellationToken cancellationToken)
    {
        var queued = await pipelines.QueueAsync(pipeline, trigger, key, new Actor($"trigger:{trigger}"), cancellationToken);
        if (queued.IsSuccess)
            logger.LogInformation("Trigger {Trigger} queued run {Run} of pipeline {Pipeline}", trigger, queued.Value.Id, pipeline);
    }
}
