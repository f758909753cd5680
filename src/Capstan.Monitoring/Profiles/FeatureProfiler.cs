using System.Globalization;
using Capstan.Core.Monitoring;
using Capstan.Monitoring.Drift;

namespace Capstan.Monitoring.Profiles;

/// <summary>Builds <see cref="FeatureProfile"/>s from reference columns.</summary>
public static class FeatureProfiler
{
    /// <summary>The most present values a numeric profile keeps exactly; larger references keep a quantile sketch this size.</summary>
    public const int DefaultSampleSize = 10_000;

    /// <summary>The most distinct values for which a numeric feature is also profiled (and tested by default) as categorical.</summary>
    public const int MaxCategoricalDistinct = 5;

    /// <summary>Profiles a numeric column; NaN marks a missing value.</summary>
    public static FeatureProfile Numeric(string name, ReadOnlySpan<double> values, int sampleSize = DefaultSampleSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        var sorted = DriftDetector.SortedPresent(values);
        var count = sorted.Length;
        if (count == 0)
            return new FeatureProfile(name, FeatureKind.Numeric, 0, values.Length == 0 ? 0 : 1, 0, [], 0, [], [], null);
        var distinct = 1;
        for (var i = 1; i < count; i++)
            if (sorted[i] != sorted[i - 1])
                distinct++;
        var edges = Histogram.Edges(sorted[0], sorted[^1], Histogram.DefaultBins);
        var counts = new double[Histogram.DefaultBins];
        Histogram.Count(sorted, edges, counts);
        return new FeatureProfile(name, FeatureKind.Numeric, count, (double)(values.Length - count) / values.Length, distinct,
            Sketch(sorted, sampleSize), Wasserstein.StandardDeviation(sorted), edges, counts,
            distinct <= MaxCategoricalDistinct ? NumericCategories(sorted) : null);
    }

    /// <summary>Profiles a categorical column; null marks a missing value.</summary>
    public static FeatureProfile Categorical(string name, IReadOnlyList<string?> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long present = 0;
        foreach (var value in values)
        {
            if (value is null)
                continue;
            present++;
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        var missing = values.Count == 0 ? 0 : (double)(values.Count - present) / values.Count;
        return new FeatureProfile(name, FeatureKind.Categorical, present, missing, counts.Count, [], 0, [], [], counts);
    }

    /// <summary>The number's category label: its shortest round-trip invariant form.</summary>
    public static string Label(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double[] Sketch(double[] sorted, int size)
    {
        if (sorted.Length <= size)
            return sorted;
        var sketch = new double[size];
        for (var i = 0; i < size; i++)
            sketch[i] = sorted[(long)((i + 0.5) * sorted.Length / size)];
        return sketch;
    }

    private static Dictionary<string, long> NumericCategories(double[] sorted)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in sorted)
        {
            var label = Label(value);
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }

        return counts;
    }
}
