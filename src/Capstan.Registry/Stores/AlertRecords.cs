using Capstan.Core.Alerts;

namespace Capstan.Registry.Stores;

/// <summary>What every store does the same way to an alert state before keeping it: its times at the precision every store keeps.</summary>
internal static class AlertRecords
{
    /// <summary>The status as stored at <paramref name="revision"/>, its times truncated as <see cref="StoreClock.Normalize"/> does.</summary>
    public static AlertStatus Stored(AlertStatus status, long revision) => status with
    {
        Since = status.Since is { } since ? StoreClock.Normalize(since) : null,
        EvaluatedAt = status.EvaluatedAt is { } evaluated ? StoreClock.Normalize(evaluated) : null,
        Revision = revision,
    };

    /// <summary>The transition as stored, its time truncated as <see cref="StoreClock.Normalize"/> does.</summary>
    public static AlertTransition Stored(AlertTransition transition) => transition with { At = StoreClock.Normalize(transition.At) };
}
