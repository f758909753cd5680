using Capstan.Core.Alerts;
using Capstan.Core.Security;
using Capstan.Monitoring.Alerts;
using Capstan.Registry.Stores;
using Capstan.Training.Pipelines;
using Microsoft.Extensions.Logging;

namespace Capstan.Training.Runs;

/// <summary>Queues a run of every pipeline whose spec names an alert rule under <c>on_alert</c> when that rule starts firing.</summary>
/// <remarks>
/// Only the replica that made the transition hears it; the run's trigger key (rule, firing time, pipeline) keeps a
/// repeated notification from queuing a second run. Quick: two store reads and one write per pipeline triggered.
/// </remarks>
public sealed class AlertTrigger(IPipelineStore store, PipelineService pipelines, ILogger<AlertTrigger> logger) : IAlertListener
{
    /// <inheritdoc />
    public async Task OnTransitionAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Transition.Change != AlertChange.Firing)
            return;
        var rule = notification.Rule.Name;
        foreach (var pipeline in await store.ListPipelinesAsync(cancellationToken))
        {
            if (!PipelineSpecReader.Parse(pipeline.Spec, pipeline.Name).TryGetValue(out var spec, out _) || !spec.Triggers.OnAlert.Contains(rule))
                continue;
            var key = $"alert:{rule}:{notification.Transition.At.UtcDateTime:O}:{pipeline.Name}";
            var queued = await pipelines.QueueAsync(pipeline.Name, $"alert:{rule}", key, new Actor($"alert:{rule}"), cancellationToken);
            if (queued.IsSuccess)
                logger.LogInformation("Alert {Rule} fired: queued run {Run} of pipeline {Pipeline}", rule, queued.Value.Id, pipeline.Name);
        }
    }
}
