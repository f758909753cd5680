namespace Capstan.Registry.Stores;

/// <summary>Reads the time for stored timestamps at the precision every store keeps.</summary>
internal static class StoreClock
{
    /// <summary>The current UTC time, truncated to whole microseconds (PostgreSQL's <c>timestamptz</c> precision).</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
