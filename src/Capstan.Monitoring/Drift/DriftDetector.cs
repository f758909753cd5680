using System.Buffers;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;

namespace Capstan.Monitoring.Drift;

/// <summary>Compares current data with a reference profile, choosing each feature's test as Evidently does by default.</summary>
/// <remarks>
/// Default choice (Evidently's <c>get_default_stattest</c>): with at most 1,000 present reference values, KS for
/// numeric features, chi-squared for categorical ones (and numeric ones with at most five distinct values) with more
/// than two categories, the z-test with two; above 1,000, normed Wasserstein for numeric features and Jensen–Shannon for
/// categorical ones (and numeric ones with at most five distinct values). P-value tests drift below 0.05; distances
/// drift at or above 0.1. Missing values are left out of every test. Thread-safe: it keeps no state.
/// </remarks>
public static class DriftDetector
{
    /// <summary>Evidently's default p-value threshold.</summary>
    public const double DefaultPValueThreshold = 0.05;

    /// <summary>Evidently's default distance threshold (normed Wasserstein, Jensen–Shannon, PSI).</summary>
    public const double DefaultDistanceThreshold = 0.1;

    /// <summary>Evidently's default share of drifted features at or above which a dataset drifted.</summary>
    public const double DefaultDriftShare = 0.5;

    /// <summary>The most present reference values for which the default tests are the hypothesis tests.</summary>
    public const long SmallReference = 1000;

    /// <summary>The test Evidently would choose for this feature.</summary>
    public static DriftTest DefaultTest(FeatureProfile profile)
    {
        var categorical = profile.Categories is not null;
        if (profile.Count > SmallReference)
            return categorical ? DriftTest.JensenShannon : DriftTest.NormedWasserstein;
        if (!categorical)
            return DriftTest.KolmogorovSmirnov;
        return profile.DistinctCount > 2 ? DriftTest.ChiSquared : DriftTest.ZTest;
    }

    /// <summary>Whether the test reports a p-value (drift below the threshold) rather than a distance (drift at or above it).</summary>
    public static bool UsesPValue(DriftTest test) => test is DriftTest.KolmogorovSmirnov or DriftTest.ChiSquared or DriftTest.ZTest;

    /// <summary>The default threshold for the test: 0.05 for p-values, 0.1 for distances.</summary>
    public static double DefaultThreshold(DriftTest test) => UsesPValue(test) ? DefaultPValueThreshold : DefaultDistanceThreshold;

    /// <summary>Tests a numeric column (NaN is missing) against its profile, with the default test unless one is given.</summary>
    public static Result<FeatureDrift> Numeric(FeatureProfile profile, ReadOnlySpan<double> current, DriftTest? test = null, double? threshold = null)
    {
        if (profile.Kind != FeatureKind.Numeric)
            return Error.InvalidInput($"Feature '{profile.Name}' is categorical; pass its current values as labels.");
        var chosen = test ?? DefaultTest(profile);
        var buffer = ArrayPool<double>.Shared.Rent(current.Length);
        try
        {
            var present = CopyPresent(current, buffer);
            if (present.Length == 0 || profile.Count == 0)
                return Error.InvalidInput($"Feature '{profile.Name}' has no values to compare.");
            if (chosen is DriftTest.KolmogorovSmirnov or DriftTest.NormedWasserstein)
            {
                present.Sort();
                return chosen == DriftTest.KolmogorovSmirnov
                    ? Decide(profile, chosen, threshold, KolmogorovSmirnov.FromStatistic(KolmogorovSmirnov.Statistic(profile.Sample, present), profile.Count, present.Length))
                    : Decide(profile, chosen, threshold, new StatisticResult(Wasserstein.Normed(profile.Sample, present, profile.StandardDeviation), double.NaN));
            }

            if (profile.Categories is null)
            {
                var counts = new double[profile.HistogramCounts.Length];
                Histogram.Count(present, profile.HistogramEdges, counts);
                return Compare(profile, chosen, threshold, profile.HistogramCounts, counts);
            }

            var labels = profile.Categories.Keys.ToArray();
            var values = Array.ConvertAll(labels, label => double.Parse(label, System.Globalization.CultureInfo.InvariantCulture));
            var currentCounts = new double[labels.Length + 1];
            foreach (var value in present)
                currentCounts[Array.IndexOf(values, value) is var index and >= 0 ? index : labels.Length]++;
            return CompareCategories(profile, chosen, threshold, labels, currentCounts);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Tests a categorical column (null is missing) against its profile, with the default test unless one is given.</summary>
    public static Result<FeatureDrift> Categorical(FeatureProfile profile, IReadOnlyList<string?> current, DriftTest? test = null, double? threshold = null)
    {
        if (profile.Categories is null)
            return Error.InvalidInput($"Feature '{profile.Name}' has no category frequencies in its profile.");
        var chosen = test ?? DefaultTest(profile);
        var labels = profile.Categories.Keys.ToArray();
        var index = new Dictionary<string, int>(labels.Length, StringComparer.Ordinal);
        for (var i = 0; i < labels.Length; i++)
            index[labels[i]] = i;
        var currentCounts = new double[labels.Length + 1];
        foreach (var value in current)
            if (value is not null)
                currentCounts[index.TryGetValue(value, out var i) ? i : labels.Length]++;
        return CompareCategories(profile, chosen, threshold, labels, currentCounts);
    }

    /// <summary>Tests every numeric column against its profile in parallel and decides dataset drift by the share of drifted features.</summary>
    public static Result<DatasetDrift> Numeric(DatasetProfile profile, IReadOnlyList<double[]> columns, double driftShare = DefaultDriftShare)
    {
        if (columns.Count != profile.Features.Count)
            return Error.InvalidInput($"The profile has {profile.Features.Count} features but {columns.Count} columns were given.");
        var results = new Result<FeatureDrift>[columns.Count];
        Parallel.For(0, columns.Count, i => results[i] = Numeric(profile.Features[i], columns[i]));
        var features = new FeatureDrift[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            if (!results[i].TryGetValue(out var feature, out var error))
                return error;
            features[i] = feature;
        }

        return Dataset(features, driftShare);
    }

    /// <summary>Decides dataset (or prediction) drift: drifted when the share of drifted features is at or above <paramref name="driftShare"/>.</summary>
    public static DatasetDrift Dataset(IReadOnlyList<FeatureDrift> features, double driftShare = DefaultDriftShare)
    {
        var drifted = 0;
        foreach (var feature in features)
            if (feature.Drifted)
                drifted++;
        var share = features.Count == 0 ? 0 : (double)drifted / features.Count;
        return new DatasetDrift(features, share, driftShare, features.Count > 0 && share >= driftShare);
    }

    internal static double[] SortedPresent(ReadOnlySpan<double> values)
    {
        var buffer = new double[values.Length];
        var present = CopyPresent(values, buffer);
        present.Sort();
        return present.Length == buffer.Length ? buffer : present.ToArray();
    }

    private static Span<double> CopyPresent(ReadOnlySpan<double> values, double[] buffer)
    {
        var count = 0;
        foreach (var value in values)
            if (!double.IsNaN(value))
                buffer[count++] = value;
        return buffer.AsSpan(0, count);
    }

    private static Result<FeatureDrift> CompareCategories(FeatureProfile profile, DriftTest test, double? threshold, string[] labels, double[] currentCounts)
    {
        var unseen = currentCounts[labels.Length] > 0 ? 1 : 0;
        var referenceCounts = new double[labels.Length + unseen];
        for (var i = 0; i < labels.Length; i++)
            referenceCounts[i] = profile.Categories![labels[i]];
        var current = currentCounts.AsSpan(0, labels.Length + unseen);
        if (Totals.Sum(current) == 0)
            return Error.InvalidInput($"Feature '{profile.Name}' has no values to compare.");
        if (test == DriftTest.ZTest)
        {
            if (referenceCounts.Length > 2)
                return Error.InvalidInput($"Feature '{profile.Name}' has more than two categories; the z-test needs a binary feature.");
            var result = ProportionZTest.Test((long)referenceCounts[0], profile.Count, (long)current[0], (long)Totals.Sum(current));
            return Decide(profile, test, threshold, result);
        }

        return Compare(profile, test, threshold, referenceCounts, current);
    }

    private static Result<FeatureDrift> Compare(FeatureProfile profile, DriftTest test, double? threshold, ReadOnlySpan<double> reference, ReadOnlySpan<double> current) => test switch
    {
        DriftTest.ChiSquared => Decide(profile, test, threshold, ChiSquared.FromCounts(reference, current)),
        DriftTest.JensenShannon => Decide(profile, test, threshold, new StatisticResult(JensenShannon.Distance(reference, current), double.NaN)),
        DriftTest.PopulationStabilityIndex => Decide(profile, test, threshold, new StatisticResult(PopulationStability.Index(reference, current), double.NaN)),
        _ => Error.InvalidInput($"Feature '{profile.Name}' cannot be tested with {test}; it needs numeric values."),
    };

    private static FeatureDrift Decide(FeatureProfile profile, DriftTest test, double? threshold, StatisticResult result)
    {
        var limit = threshold ?? DefaultThreshold(test);
        var drifted = UsesPValue(test) ? result.PValue < limit : result.Statistic >= limit;
        return new FeatureDrift(profile.Name, test, result.Statistic, result.PValue, limit, drifted);
    }
}
