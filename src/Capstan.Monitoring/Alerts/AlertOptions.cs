namespace Capstan.Monitoring.Alerts;

/// <summary>How often alert rules are evaluated, and how their webhooks are delivered.</summary>
/// <remarks>A mutable settings class, bound from the configuration section <c>AlertOptions</c>; call <see cref="Validate"/> at start.</remarks>
public sealed class AlertOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(AlertOptions);

    /// <summary>Whether this process evaluates alert rules (default true); rules can be managed either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the evaluator waits between passes over every rule (default 30 seconds).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a webhook is tried before its notification is given up (default 5).</summary>
    public int WebhookAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry, doubling with each one (default 1 second).</summary>
    public TimeSpan WebhookBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries (default 1 minute).</summary>
    public TimeSpan WebhookMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one try may take before it counts as failed (default 10 seconds).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most notifications waiting to be delivered; past it new ones are given up at once, recorded and logged (default 1,000).</summary>
    public int WebhookQueueCapacity { get; set; } = 1_000;

    /// <summary>How many notifications are delivered at the same time (default 4).</summary>
    public int WebhookConcurrency { get; set; } = 4;

    /// <summary>Throws when a setting is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EvaluationInterval, TimeSpan.Zero, nameof(EvaluationInterval));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WebhookAttempts, nameof(WebhookAttempts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WebhookAttempts, 100, nameof(WebhookAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WebhookBaseDelay, TimeSpan.Zero, nameof(WebhookBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(WebhookMaxDelay, WebhookBaseDelay, nameof(WebhookMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WebhookTimeout, TimeSpan.Zero, nameof(WebhookTimeout));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WebhookQueueCapacity, nameof(WebhookQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WebhookConcurrency, nameof(WebhookConcurrency));
    }
}
