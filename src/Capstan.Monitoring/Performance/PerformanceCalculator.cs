using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Core.Serving;
using Capstan.Monitoring.InferenceLog;
using Capstan.Registry.Stores;

namespace Capstan.Monitoring.Performance;

/// <summary>Computes a model's realized performance: its logged predictions over a window joined by request id with the labels posted for them, per version and per time bucket.</summary>
/// <remarks>
/// Reads at most <see cref="PerformanceOptions.MaxPredictions"/> predictions, oldest first, looking their labels up in
/// batches. Each version's outputs are read by the roles its signature suggests (<see cref="OutputRoles"/>), or, for a
/// version the registry no longer has, by the outputs its logged requests carried. Thread-safe.
/// </remarks>
/// <param name="store">Where the labels and the versions' signatures are.</param>
/// <param name="log">The inference log.</param>
/// <param name="options">How much one computation reads.</param>
/// <param name="time">The clock the window ends at.</param>
public sealed class PerformanceCalculator(IRegistryStore store, InferenceLogReader log, PerformanceOptions options, TimeProvider time)
{
    /// <summary>How many logged predictions share one look-up of their labels.</summary>
    private const int JoinBatch = 1000;

    /// <summary>Computes <paramref name="model"/>'s report for <paramref name="query"/>, over the window that ends now.</summary>
    /// <returns>NotFound when the model does not exist; InvalidInput when an override names an output a version lacks, or when no output can be told to hold the prediction.</returns>
    public async Task<Result<PerformanceReport>> ComputeAsync(ModelName model, PerformanceQuery query, CancellationToken cancellationToken)
    {
        if (!(await store.GetModelAsync(model, cancellationToken)).TryGetValue(out _, out var error))
            return error;
        var until = time.GetUtcNow();
        var since = until - query.Window;
        var report = new ReportBuilder(model, query);
        var batch = new List<LoggedRecord>(JoinBatch);
        var read = 0;
        var truncated = false;
        await foreach (var record in log.ReadAsync(model.Value, since, until, options.MaxPredictions + 1, cancellationToken))
        {
            if (++read > options.MaxPredictions)
            {
                truncated = true;
                break;
            }
            batch.Add(record);
            if (batch.Count == JoinBatch && (await JoinAsync(report, batch, cancellationToken)) is { } failed)
                return failed;
        }
        if ((await JoinAsync(report, batch, cancellationToken)) is { } last)
            return last;
        return report.Build(since, until, truncated);
    }

    /// <summary>Whether any label for <paramref name="model"/> was received over the <paramref name="window"/> that ends now: without one, no prediction in the window can have a label, so a report would join nothing.</summary>
    public async Task<Result<bool>> HasLabelsAsync(ModelName model, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!(await store.ListFeedbackAsync(model, time.GetUtcNow() - window, DateTimeOffset.MaxValue, 1, cancellationToken)).TryGetValue(out var labels, out var error))
            return error;
        return labels.Count > 0;
    }

    private async Task<Error?> JoinAsync(ReportBuilder report, List<LoggedRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
            return null;
        var ids = batch.Select(r => r.RequestId).ToList();
        if (!(await store.GetFeedbackAsync(report.Model, ids, cancellationToken)).TryGetValue(out var found, out var error))
            return error;
        var labels = found.ToDictionary(l => l.RequestId, l => l.Label, StringComparer.Ordinal);
        foreach (var record in batch)
        {
            if (!(await RolesAsync(report, record, cancellationToken)).TryGetValue(out var version, out error))
                return error;
            version.Add(record.Time, labels.TryGetValue(record.RequestId, out var label) ? label : null, record);
        }
        batch.Clear();
        return null;
    }

    private async Task<Result<VersionBuilder>> RolesAsync(ReportBuilder report, LoggedRecord record, CancellationToken cancellationToken)
    {
        if (report.Versions.TryGetValue(record.Version, out var known))
            return known;
        var outputs = int.TryParse(record.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && (await store.ResolveAsync(ModelReference.ToVersion(report.Model, number), cancellationToken)).TryGetValue(out var version, out _)
            ? version.Signature.Outputs
            : SampleReader.Specs(record.Outputs);
        if (!OutputRoles.Resolve($"{report.Model}:{record.Version}", outputs, report.Query).TryGetValue(out var roles, out var error))
            return error;
        return report.AddVersion(record.Version, roles);
    }

    /// <summary>The groups of one report as they fill.</summary>
    private sealed class ReportBuilder(ModelName model, PerformanceQuery query)
    {
        private Samples? _overall;
        private bool _mixed;

        public ModelName Model => model;

        public PerformanceQuery Query => query;

        public Dictionary<string, VersionBuilder> Versions { get; } = new(StringComparer.Ordinal);

        /// <summary>Starts the group of a version first seen.</summary>
        public VersionBuilder AddVersion(string name, OutputRoles roles)
        {
            _overall ??= new Samples(roles.Task, roles.ScoreIsProbability);
            _mixed |= Versions.Values.Any(v => v.Roles.Task != roles.Task);
            return Versions[name] = new VersionBuilder(name, roles, this);
        }

        /// <summary>The group of every version, while all versions predict the same task; null once they do not.</summary>
        public Samples? Overall => _mixed ? null : _overall;

        public PerformanceReport Build(DateTimeOffset since, DateTimeOffset until, bool truncated)
        {
            var versions = Versions.Values.OrderBy(v => v.Number).ThenBy(v => v.Name, StringComparer.Ordinal).Select(v => v.Build()).ToList();
            var overall = Overall?.Figures() ?? new PerformanceFigures(
                versions.Sum(v => v.Overall.Joined), versions.Sum(v => v.Overall.Unmatched), versions.Sum(v => v.Overall.Skipped));
            return new PerformanceReport(model.Value, since, until, query.Bucket.Ticks / TimeSpan.TicksPerSecond, overall, versions, truncated);
        }
    }

    /// <summary>One version's groups: the whole window and each bucket.</summary>
    private sealed class VersionBuilder(string name, OutputRoles roles, ReportBuilder report)
    {
        private readonly Samples _overall = new(roles.Task, roles.ScoreIsProbability);
        private readonly SortedDictionary<long, Samples> _buckets = [];

        public string Name => name;

        public int Number => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : int.MaxValue;

        public OutputRoles Roles => roles;

        /// <summary>Counts a logged prediction answered at <paramref name="time"/> in its bucket, in the version and in the model, joined with <paramref name="label"/> when it has one.</summary>
        public void Add(DateTimeOffset time, LabelValue? label, LoggedRecord record)
        {
            var bucketTicks = report.Query.Bucket.Ticks;
            var start = (time - DateTimeOffset.UnixEpoch).Ticks / bucketTicks * bucketTicks;
            if (!_buckets.TryGetValue(start, out var bucket))
                _buckets.Add(start, bucket = new Samples(roles.Task, roles.ScoreIsProbability));
            var sample = label is { } truth ? SampleReader.Read(truth, record.Outputs, roles) : null;
            foreach (var group in (Samples?[])[bucket, _overall, report.Overall])
            {
                if (group is null)
                    continue;
                if (label is null)
                    group.AddUnmatched();
                else if (sample is { } joined)
                    group.Add(joined);
                else
                    group.AddSkipped();
            }
        }

        public VersionPerformance Build() => new(
            name, roles.Task, roles.Label, roles.Score, _overall.Figures(),
            _buckets.Select(b => new PerformanceBucket(
                DateTimeOffset.UnixEpoch.AddTicks(b.Key), DateTimeOffset.UnixEpoch.AddTicks(b.Key + report.Query.Bucket.Ticks), b.Value.Figures())).ToList());
    }
}
