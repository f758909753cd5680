namespace Capstan.Monitoring.Alerts;

/// <summary>Something in this process that acts on alert transitions, such as the webhook notifier or a trigger that starts retraining when an alert fires.</summary>
/// <remarks>
/// Every registered listener is called with each transition (pending, firing, resolved, cancelled) that this process made,
/// after it was stored; with several replicas, only the one that made the transition calls its listeners. Calls come one
/// at a time from the evaluator, so a listener returns quickly and does slow work elsewhere; an exception is logged and
/// does not stop the other listeners.
/// </remarks>
public interface IAlertListener
{
    /// <summary>Acts on one transition.</summary>
    Task OnTransitionAsync(AlertNotification notification, CancellationToken cancellationToken);
}
