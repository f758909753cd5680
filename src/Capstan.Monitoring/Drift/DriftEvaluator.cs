using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Core.Serving;
using Capstan.Monitoring.InferenceLog;
using Capstan.Monitoring.Profiles;
using Capstan.Registry.Stores;

namespace Capstan.Monitoring.Drift;

/// <summary>Evaluates a model's drift over a window of its inference log: each version's logged inputs against its reference features, and its answers against its reference predictions.</summary>
/// <remarks>
/// Requests are grouped by the version that answered them, and each group is tested against that version's own
/// profile; the version the deployment's stable variant serves is the report's headline. Each column gets its default
/// test (<see cref="DriftDetector.DefaultTest"/>) or the chosen one; a column that cannot be tested (redacted in the
/// log, absent from every request, or unfit for the chosen test) is listed as skipped, and the drifted share counts the
/// tested ones. A window without requests, or a version without a profile, is reported as such rather than failing.
/// Thread-safe.
/// </remarks>
/// <param name="store">Where models, deployments and profiles are.</param>
/// <param name="log">Reads the inference log.</param>
/// <param name="options">How many requests one evaluation reads.</param>
/// <param name="time">The clock that ends the window.</param>
public sealed class DriftEvaluator(IRegistryStore store, InferenceLogReader log, DriftOptions options, TimeProvider time)
{
    /// <summary>The label of the bin that counts categories the reference never had.</summary>
    private const string OtherCategory = "(other)";

    /// <summary>Evaluates <paramref name="model"/> over the <paramref name="window"/> that ends now.</summary>
    public async Task<Result<DriftReport>> EvaluateAsync(ModelName model, TimeSpan window, DriftSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Check(window) is { } invalid)
            return invalid;
        if (!(await store.GetModelAsync(model, cancellationToken)).TryGetValue(out _, out var error))
            return error;
        var until = time.GetUtcNow();
        var since = until - window;
        var records = new List<LoggedRecord>();
        await foreach (var record in log.ReadAsync(model.Value, since, until, options.MaxRequests, cancellationToken))
            records.Add(record);
        if (records.Count == 0)
            return new DriftReport(model.Value, since, until, 0, [], NoRequests(model.Value, since, until));
        var stable = (await store.GetDeploymentAsync(model, cancellationToken)).TryGetValue(out var deployment, out _)
            ? deployment.Status.ServingVersion
            : null;
        var groups = records
            .GroupBy(r => int.TryParse(r.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
            .Where(g => g.Key > 0)
            .OrderByDescending(g => g.Key == stable)
            .ThenByDescending(g => stable is null ? g.Count() : 0)
            .ThenByDescending(g => g.Key)
            .ToList();
        var versions = new List<VersionDrift>(groups.Count);
        foreach (var group in groups)
        {
            if (!(await EvaluateVersionAsync(model, group.Key, group.ToList(), settings, cancellationToken)).TryGetValue(out var drift, out error))
                return error;
            versions.Add(drift);
        }
        return new DriftReport(model.Value, since, until, versions.Sum(v => v.Rows), versions);
    }

    private async Task<Result<VersionDrift>> EvaluateVersionAsync(
        ModelName model, int version, List<LoggedRecord> records, DriftSettings settings, CancellationToken cancellationToken)
    {
        var variants = records.Select(r => r.Variant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!(await store.GetProfileAsync(model, version, cancellationToken)).TryGetValue(out var stored, out var error))
        {
            return error.Code == ErrorCode.NotFound
                ? new VersionDrift(version, variants, records.Sum(r => r.Rows), 0, null, null, error.Message)
                : error;
        }
        var profile = ReferenceProfiler.Read(stored);
        var inputs = LoggedColumns.Extract(records, profile.Features, r => r.Inputs);
        var dataset = Verdict(profile.Features, inputs, settings);
        var predictions = profile.Predictions.Count == 0
            ? null
            : Verdict(profile.Predictions, LoggedColumns.Extract(records, profile.Predictions, r => r.Outputs), settings);
        return new VersionDrift(version, variants, inputs.Rows, profile.Rows, dataset, predictions);
    }

    /// <summary>Tests every column, in parallel, and decides whether the set drifted by the share of tested columns that did.</summary>
    private static DriftVerdict Verdict(IReadOnlyList<ProfiledColumn> columns, LoggedColumns logged, DriftSettings settings)
    {
        var outcomes = new (FeatureDrift? Drift, FeatureDriftResult? Result, SkippedFeature? Skipped)[columns.Count];
        Parallel.For(0, columns.Count, c => outcomes[c] = Test(columns[c].Profile, logged, c, settings));
        var drifts = outcomes.Where(o => o.Drift is not null).Select(o => o.Drift!).ToList();
        var dataset = DriftDetector.Dataset(drifts, settings.Share);
        return new DriftVerdict(
            dataset.DriftedShare, settings.Share, dataset.Drifted,
            outcomes.Where(o => o.Result is not null).Select(o => o.Result!).ToList(),
            outcomes.Where(o => o.Skipped is not null).Select(o => o.Skipped!).ToList());
    }

    private static (FeatureDrift?, FeatureDriftResult?, SkippedFeature?) Test(FeatureProfile profile, LoggedColumns logged, int column, DriftSettings settings)
    {
        var present = logged.Present(column);
        if (present == 0)
        {
            return (null, null, new SkippedFeature(profile.Name, logged.Redacted[column]
                ? "its values are redacted in the inference log"
                : $"no logged {(logged.Rows == 0 ? "request" : "row")} holds a value for it"));
        }
        var result = logged.Numbers[column] is { } numbers
            ? DriftDetector.Numeric(profile, numbers, settings.Test, settings.Threshold)
            : DriftDetector.Categorical(profile, logged.Labels[column]!, settings.Test, settings.Threshold);
        if (!result.TryGetValue(out var drift, out var error))
            return (null, null, new SkippedFeature(profile.Name, error.Message));
        return (drift, new FeatureDriftResult(
            profile.Name, profile.Kind, drift.Test, drift.Statistic, double.IsNaN(drift.PValue) ? null : drift.PValue, drift.Threshold, drift.Drifted,
            present, logged.Rows == 0 ? 0 : 1 - (double)present / logged.Rows, profile.MissingRate,
            Histogram(profile, logged.Numbers[column], logged.Labels[column])), null);
    }

    /// <summary>The reference's and the window's counts over the same bins: the profile's categories when it keeps them, its histogram's bins otherwise.</summary>
    private static DriftHistogram Histogram(FeatureProfile profile, double[]? numbers, string?[]? labels)
    {
        if (profile.Categories is { } categories)
        {
            var names = profile.Kind == FeatureKind.Numeric
                ? categories.Keys.OrderBy(k => double.Parse(k, CultureInfo.InvariantCulture)).ToList()
                : categories.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).ToList();
            var index = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            var current = new double[names.Count + 1];
            var values = labels ?? numbers!.Where(v => !double.IsNaN(v)).Select(v => (string?)FeatureProfiler.Label(v));
            foreach (var label in values)
            {
                if (label is not null)
                    current[index.TryGetValue(label, out var i) ? i : names.Count]++;
            }
            var reference = names.Select(n => (double)categories[n]).ToList();
            if (current[^1] > 0)
                return new DriftHistogram(null, [.. names, OtherCategory], [.. reference, 0], current);
            return new DriftHistogram(null, names, reference, current[..^1]);
        }
        var counts = new double[profile.HistogramCounts.Length];
        if (counts.Length > 0)
            Drift.Histogram.Count(numbers, profile.HistogramEdges, counts);
        return new DriftHistogram(profile.HistogramEdges, null, profile.HistogramCounts, counts);
    }

    private static string NoRequests(string model, DateTimeOffset since, DateTimeOffset until) =>
        $"No requests to '{model}' were logged from {Moment(since)} to {Moment(until)}. The inference log must be on "
        + "(InferenceLogOptions:Enabled) and holds a request once its file rolls (InferenceLogOptions:RollInterval).";

    private static string Moment(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
