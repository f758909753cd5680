namespace Capstan.Serving.Routing;

/// <summary>The SplitMix64 finalizer and the conversion of its output to a number in the open interval (0, 1), shared by the router and the random source.</summary>
internal static class SplitMix
{
    /// <summary>Scrambles 64 bits so that every input bit affects every output bit.</summary>
    public static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>The top 53 bits of <paramref name="bits"/> as a number strictly between 0 and 1.</summary>
    public static double ToOpenUnit(ulong bits) => ((bits >> 11) + 0.5) * (1.0 / (1UL << 53));
}
