namespace Capstan.Serving.Routing;

/// <summary>The seeded random source behind weighted random routing and the shadow share: the same seed draws the same numbers.</summary>
/// <remarks>
/// Each draw is the SplitMix64 of the seed and a shared counter, so drawing is lock-free and allocation-free, and the
/// numbers drawn by a run of requests are the same whichever thread draws which. Thread-safe.
/// </remarks>
/// <param name="seed">The seed.</param>
public sealed class RoutingRandom(long seed)
{
    private long _draws;

    /// <summary>A number in the open interval (0, 1).</summary>
    public double NextDouble()
    {
        var draw = (ulong)Interlocked.Increment(ref _draws);
        return SplitMix.ToOpenUnit(SplitMix.Mix((ulong)seed + draw * 0x9E3779B97F4A7C15UL));
    }
}
