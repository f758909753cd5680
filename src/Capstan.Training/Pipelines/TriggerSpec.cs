using Cronos;

namespace Capstan.Training.Pipelines;

/// <summary>What starts a run besides a person: a schedule, alerts that fire, or enough new labelled rows.</summary>
/// <param name="Schedule">A five-field cron expression (UTC), or null.</param>
/// <param name="OnAlert">The names of the alert rules whose firing starts a run.</param>
/// <param name="AfterLabels">Start a run once this many new labelled rows have arrived since the last one, or null.</param>
public sealed record TriggerSpec(string? Schedule, IReadOnlyList<string> OnAlert, int? AfterLabels)
{
    /// <summary>No triggers: runs start by hand only.</summary>
    public static TriggerSpec None { get; } = new(null, [], null);

    /// <summary>The first time after <paramref name="after"/> that the schedule fires, or null without a schedule.</summary>
    public DateTimeOffset? NextScheduled(DateTimeOffset after) =>
        Schedule is null ? null : CronExpression.Parse(Schedule, CronFormat.Standard).GetNextOccurrence(after, TimeZoneInfo.Utc);
}
