using System.Text.Json.Serialization;

namespace Capstan.Core.Monitoring;

/// <summary>What drift detection keeps of one feature of the reference (training) data.</summary>
/// <remarks>
/// <para>For a numeric feature, <see cref="Sample"/> is the sorted reference itself when it has at most
/// the profiler's sample size k (10,000 by default) present values, so KS and Wasserstein against the
/// profile equal SciPy on the raw reference. Above k it is a quantile sketch: the k order statistics at ranks
/// ⌊(i + ½)·n/k⌋, each standing for n/k values. Its distribution function is then within about 1/k of the
/// reference's, so the KS statistic is off by at most about 1/k and the Wasserstein distance by at most about
/// (max − min)/k. The standard deviation is always that of the full reference (ddof = 0).</para>
/// <para>A numeric feature with at most five distinct values also keeps <see cref="Categories"/>, because Evidently
/// tests such a feature as categorical.</para>
/// </remarks>
/// <param name="Name">The feature's name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Count">How many reference rows have a value (missing ones excluded).</param>
/// <param name="MissingRate">The share of reference rows without a value.</param>
/// <param name="DistinctCount">How many distinct present values the reference holds.</param>
/// <param name="Sample">Numeric: the sorted reference, or its quantile sketch; empty for categorical features.</param>
/// <param name="StandardDeviation">Numeric: the population standard deviation of the full reference.</param>
/// <param name="HistogramEdges">Numeric: 30 equal-width bins (NumPy's edges) over the reference's range.</param>
/// <param name="HistogramCounts">Numeric: the reference's count in each bin.</param>
/// <param name="Categories">Each category (numbers in round-trip form) and its reference count; null when not kept.</param>
public sealed record FeatureProfile(
    string Name,
    FeatureKind Kind,
    long Count,
    double MissingRate,
    long DistinctCount,
    double[] Sample,
    double StandardDeviation,
    double[] HistogramEdges,
    double[] HistogramCounts,
    IReadOnlyDictionary<string, long>? Categories)
{
    /// <summary>Whether <see cref="Sample"/> holds every present reference value rather than a sketch.</summary>
    [JsonIgnore]
    public bool SampleIsExact => Sample.LongLength == Count;
}
