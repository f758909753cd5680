using Parquet.Schema;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>The columns of an inference log file: one row per request, tensors as JSON text.</summary>
/// <remarks>
/// One fixed schema for every model and version lets a file span a version change and lets any Parquet reader open
/// any file; tensors of any type, shape and count fit one JSON column each, which Parquet's dictionary and
/// compression shrink well. Per-feature columns would suit column pruning better but change with every signature.
/// </remarks>
internal static class LogSchema
{
    public static readonly DataField<DateTime> Time = new("time");
    public static readonly DataField<string> RequestId = new("request_id");
    public static readonly DataField<string> Model = new("model");
    public static readonly DataField<string> Version = new("version");
    public static readonly DataField<string> Variant = new("variant");
    public static readonly DataField<double> LatencyMs = new("latency_ms");
    public static readonly DataField<string> Inputs = new("inputs");
    public static readonly DataField<string> Outputs = new("outputs");

    /// <summary>The whole schema, in column order.</summary>
    public static readonly ParquetSchema Schema = new(Time, RequestId, Model, Version, Variant, LatencyMs, Inputs, Outputs);
}
