namespace Capstan.Registry.Stores;

/// <summary>Reads the time for stored timestamps at the precision every store keeps.</summary>
internal static class StoreClock
{
    /// <summary>The current UTC time, truncated to whole microseconds (PostgreSQL's <c>timestamptz</c> precision).</summary>
    public static DateTimeOffset Now(TimeProvider time) => Normalize(time.GetUtcNow());

    /// <summary>The same instant in UTC, truncated to whole microseconds, as every store gives it back.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
