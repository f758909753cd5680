namespace Capstan.Monitoring.Drift;

/// <summary>Equal-width bins over a reference's range, with NumPy's edges (<c>np.histogram_bin_edges(reference, bins)</c>) and bin assignment.</summary>
/// <remarks>Values outside the reference's range are counted in the first or last bin, so that mass moving out of range shows as drift.</remarks>
public static class Histogram
{
    /// <summary>Evidently's number of bins for PSI and Jensen–Shannon on numeric features.</summary>
    public const int DefaultBins = 30;

    /// <summary>The bin edges (bins + 1 values) over [min, max]; a constant sample gets [v − 0.5, v + 0.5] as in NumPy.</summary>
    public static double[] Edges(double minimum, double maximum, int bins)
    {
        if (minimum == maximum)
        {
            minimum -= 0.5;
            maximum += 0.5;
        }

        var edges = new double[bins + 1];
        var step = (maximum - minimum) / bins;
        for (var i = 0; i < bins; i++)
            edges[i] = i * step + minimum;
        edges[bins] = maximum;
        return edges;
    }

    /// <summary>Adds each value's bin to <paramref name="counts"/> (one per bin); NaN values are skipped.</summary>
    public static void Count(ReadOnlySpan<double> values, ReadOnlySpan<double> edges, Span<double> counts)
    {
        var bins = edges.Length - 1;
        double first = edges[0], last = edges[bins], norm = bins / (last - first);
        foreach (var raw in values)
        {
            if (double.IsNaN(raw))
                continue;
            var value = Math.Clamp(raw, first, last);
            var index = Math.Min((int)((value - first) * norm), bins - 1);
            if (value < edges[index])
                index--;
            else if (index != bins - 1 && value >= edges[index + 1])
                index++;
            counts[index]++;
        }
    }
}
