using System.Diagnostics;
using System.Diagnostics.Metrics;
using Capstan.Core.Errors;
using Capstan.Serving.Lifecycle;

namespace Capstan.Serving.Telemetry;

/// <summary>The data plane's instruments on the <c>Capstan.Serving</c> meter: requests, failures by cause, latency, batch sizes, and gauges of every loaded version.</summary>
/// <remarks>
/// Request instruments carry the tags <c>model</c>, <c>version</c> and <c>variant</c>; a version's tag sets are made
/// once in its <see cref="VersionMeters"/>. The gauges (in-flight requests, lifecycle state, load time, memory) are
/// read from the serving table when a collector asks. A request that fails before a version is chosen is counted with
/// an empty version and variant, and with an empty model unless the model is deployed, so that unknown names never
/// become series. Thread-safe.
/// </remarks>
public sealed class ServingMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Capstan.Serving";

    private static readonly double[] SecondsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly long[] RowBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
    private static readonly ModelState[] States = Enum.GetValues<ModelState>();
    private static readonly string[] StateNames = [.. States.Select(s => s.ToString().ToLowerInvariant())];
    private readonly ServingTable _table;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>, with gauges over <paramref name="table"/>.</summary>
    public ServingMetrics(IMeterFactory meters, ServingTable table)
    {
        _table = table;
        var meter = meters.Create(MeterName);
        Requests = meter.CreateCounter<long>("capstan.inference.requests", "{request}", "Inference requests answered by a loaded version.");
        Failures = meter.CreateCounter<long>("capstan.inference.failures", "{request}", "Inference requests that failed, by cause.");
        Total = meter.CreateHistogram("capstan.inference.duration", "s", "Time from routing an inference request to its answer.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        Queue = meter.CreateHistogram("capstan.inference.queue.duration", "s", "Time an inference request waited before its model run began.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        Compute = meter.CreateHistogram("capstan.inference.compute.duration", "s", "Time of the model run that answered an inference request.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        BatchRows = meter.CreateHistogram("capstan.inference.batch.size", "{row}", "Rows in one model run.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = RowBuckets });
        meter.CreateObservableUpDownCounter("capstan.inference.in_flight", ObserveInFlight, "{request}", "Inference requests inside a loaded version now.");
        meter.CreateObservableGauge("capstan.model.state", ObserveStates, null, "1 for the lifecycle state a loaded version is in, 0 for the others.");
        meter.CreateObservableGauge("capstan.model.load.duration", ObserveLoadDurations, "s", "How long loading and warming a loaded version took.");
        meter.CreateObservableGauge("capstan.model.memory", ObserveMemory, "By", "Memory a loaded version holds, as its runtime estimates it.");
    }

    /// <summary>The tag value of each <see cref="ErrorCode"/>, indexed by it.</summary>
    internal static string[] Causes { get; } = [.. Enum.GetValues<ErrorCode>().Select(CauseOf)];

    internal Counter<long> Requests { get; }

    internal Counter<long> Failures { get; }

    internal Histogram<double> Total { get; }

    internal Histogram<double> Queue { get; }

    internal Histogram<double> Compute { get; }

    internal Histogram<long> BatchRows { get; }

    /// <summary>Makes the meters of a version just loaded.</summary>
    public VersionMeters For(string model, int version, TimeSpan loadDuration)
    {
        var text = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new VersionMeters(
            new(this, model, text, "stable"), new(this, model, text, "canary"), new(this, model, text, "pinned"), new(this, model, text, "shadow"), loadDuration);
    }

    /// <summary>Counts a request that failed before a version was chosen: with its model only when that model is deployed.</summary>
    public void RecordUnrouted(string model, Error failure)
    {
        var known = _table.Find(model) is null ? "" : model;
        Requests.Add(1, new TagList { { "model", known }, { "version", "" }, { "variant", "" } });
        Failures.Add(1, new TagList { { "model", known }, { "version", "" }, { "variant", "" }, { "cause", Causes[(int)failure.Code] } });
    }

    /// <summary>The snake_case name of a failure cause, such as <c>invalid_input</c>.</summary>
    public static string CauseOf(ErrorCode code) => code switch
    {
        ErrorCode.InvalidInput => "invalid_input",
        ErrorCode.NotFound => "not_found",
        ErrorCode.AlreadyExists => "already_exists",
        ErrorCode.NotReady => "not_ready",
        ErrorCode.TooLarge => "too_large",
        _ => code.ToString().ToLowerInvariant(),
    };

    private IEnumerable<LoadedVersion> Loaded() => _table.Models.SelectMany(m => m.Versions);

    private IEnumerable<Measurement<int>> ObserveInFlight() =>
        Loaded().Select(v => new Measurement<int>(v.InFlight, VersionTags(v)));

    private IEnumerable<Measurement<int>> ObserveStates() =>
        Loaded().SelectMany(v => States.Select((s, i) => new Measurement<int>(v.State == s ? 1 : 0, [.. VersionTags(v), new("state", StateNames[i])])));

    private IEnumerable<Measurement<double>> ObserveLoadDurations() =>
        Loaded().Select(v => new Measurement<double>(v.Meters.LoadDuration.TotalSeconds, VersionTags(v)));

    private IEnumerable<Measurement<long>> ObserveMemory() =>
        Loaded().Select(v => new Measurement<long>(v.Runtime.MemoryBytes, VersionTags(v)));

    private static KeyValuePair<string, object?>[] VersionTags(LoadedVersion version) =>
        [new("model", version.Info.Model), new("version", version.VersionText)];
}
