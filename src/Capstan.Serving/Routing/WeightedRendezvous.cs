using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Capstan.Serving.Routing;

/// <summary>Weighted rendezvous (highest random weight) hashing: picks a variant for a sticky key so that the same key always reaches the same variant.</summary>
/// <remarks>
/// Each variant scores <c>-weight / ln(u)</c>, where <c>u</c> in (0, 1) is a hash of the key and the variant's target;
/// the highest score wins. A variant wins a share of the keys equal to its share of the weights, a weight of 0 wins
/// nothing, and raising one variant's weight while lowering the others' moves keys only to that variant, and only as
/// many as the change requires. Hashes are XxHash3 over UTF-16 code units, the same in every process. Allocation-free.
/// </remarks>
public static class WeightedRendezvous
{
    /// <summary>Hashes a variant's target, such as <c>fraud:2</c> or <c>fraud@canary</c>, once when routes are built.</summary>
    public static ulong HashTarget(string target) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(target.AsSpan()));

    /// <summary>Hashes a request's sticky key.</summary>
    public static ulong HashKey(ReadOnlySpan<char> key) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key));

    /// <summary>The index of the variant with the highest score for <paramref name="key"/>, or -1 when every weight is 0.</summary>
    /// <param name="key">The hash of the sticky key, from <see cref="HashKey"/>.</param>
    /// <param name="targets">Each variant's target hash, from <see cref="HashTarget"/>.</param>
    /// <param name="weights">Each variant's weight, in the same order.</param>
    public static int Choose(ulong key, ReadOnlySpan<ulong> targets, ReadOnlySpan<int> weights)
    {
        var best = -1;
        var bestScore = 0.0;
        for (var i = 0; i < targets.Length; i++)
        {
            if (weights[i] <= 0)
                continue;
            var score = -weights[i] / Math.Log(SplitMix.ToOpenUnit(SplitMix.Mix(key ^ targets[i])));
            if (best < 0 || score > bestScore)
                (best, bestScore) = (i, score);
        }
        return best;
    }
}
