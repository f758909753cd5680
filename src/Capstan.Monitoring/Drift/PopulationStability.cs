namespace Capstan.Monitoring.Drift;

/// <summary>The population stability index over the reference's bins.</summary>
/// <remarks>
/// PSI = Σ (r_i − c_i) · ln(r_i / c_i) over bin shares r (reference) and c (current); an empty bin's share is
/// replaced by <see cref="Epsilon"/> (Evidently's default for that case) so that the logarithm stays finite.
/// </remarks>
public static class PopulationStability
{
    /// <summary>The share that stands in for an empty bin.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>The index between reference and current bin counts (or shares) over the same bins.</summary>
    public static double Index(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts)
    {
        if (referenceCounts.Length != currentCounts.Length)
            throw new ArgumentException("Both distributions must cover the same bins.", nameof(currentCounts));
        double referenceTotal = Totals.Sum(referenceCounts), currentTotal = Totals.Sum(currentCounts);

        var index = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var r = referenceCounts[i] == 0 ? Epsilon : referenceCounts[i] / referenceTotal;
            var c = currentCounts[i] == 0 ? Epsilon : currentCounts[i] / currentTotal;
            index += (r - c) * Math.Log(r / c);
        }

        return index;
    }
}
