using Capstan.Core.Errors;

namespace Capstan.Serving.Telemetry;

/// <summary>Records the requests one loaded version answers in one role (stable, canary, pinned or shadow) on the serving instruments, with its tags made once.</summary>
/// <remarks>Recording allocates nothing: every tag set, including one per failure cause, is built when the version loads. Thread-safe.</remarks>
public sealed class VariantMeter
{
    private readonly ServingMetrics _metrics;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly KeyValuePair<string, object?>[][] _failureTags;

    internal VariantMeter(ServingMetrics metrics, string model, string version, string variant)
    {
        _metrics = metrics;
        Variant = variant;
        _tags = [new("model", model), new("version", version), new("variant", variant)];
        _failureTags = new KeyValuePair<string, object?>[ServingMetrics.Causes.Length][];
        for (var i = 0; i < _failureTags.Length; i++)
            _failureTags[i] = [.. _tags, new("cause", ServingMetrics.Causes[i])];
    }

    /// <summary>The role this meter records: <c>stable</c>, <c>canary</c>, <c>pinned</c> or <c>shadow</c>.</summary>
    public string Variant { get; }

    /// <summary>Counts one answered request, its failure cause when it failed, and its total latency.</summary>
    public void RecordRequest(Error? failure, TimeSpan total)
    {
        _metrics.Requests.Add(1, _tags);
        if (failure is { } error)
            _metrics.Failures.Add(1, _failureTags[(int)error.Code]);
        _metrics.Total.Record(total.TotalSeconds, _tags);
    }

    /// <summary>Records how long a request waited before its model run began.</summary>
    public void RecordQueue(TimeSpan waited) => _metrics.Queue.Record(waited.TotalSeconds, _tags);

    /// <summary>Records how long the model run that answered a request took.</summary>
    public void RecordCompute(TimeSpan computed) => _metrics.Compute.Record(computed.TotalSeconds, _tags);

    /// <summary>Records the rows of one model run.</summary>
    public void RecordBatch(long rows) => _metrics.BatchRows.Record(rows, _tags);
}
