using Parquet.Schema;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>The columns of an inference log file: one row per request, tensors as binary in the <see cref="TensorBinary"/> layout.</summary>
/// <remarks>
/// One fixed schema for every model and version lets a file span a version change and lets any Parquet reader open
/// any file; tensors of any type, shape and count fit one binary column each, raw element bytes rather than JSON text
/// so that writing costs a copy instead of number formatting. Per-feature columns would suit column pruning better
/// but change with every signature.
/// </remarks>
internal static class LogSchema
{
    public static readonly DataField<DateTime> Time = new("time");
    public static readonly DataField<string> RequestId = new("request_id");
    public static readonly DataField<string> Model = new("model");
    public static readonly DataField<string> Version = new("version");
    public static readonly DataField<string> Variant = new("variant");
    public static readonly DataField<double> LatencyMs = new("latency_ms");
    public static readonly DataField<byte[]> Inputs = new("inputs");
    public static readonly DataField<byte[]> Outputs = new("outputs");

    /// <summary>The whole schema, in column order.</summary>
    public static readonly ParquetSchema Schema = new(Time, RequestId, Model, Version, Variant, LatencyMs, Inputs, Outputs);
}
