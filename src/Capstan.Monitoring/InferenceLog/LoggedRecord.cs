using System.Runtime.CompilerServices;
using System.Text.Json;
using Capstan.Core.Serving;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>One request read back from the inference log, its tensors kept in the log's binary form until a reader asks for them.</summary>
/// <remarks>
/// Turning tensors into JSON costs far more than reading them, and most readers need the tensors of few records (the
/// performance report only those with a label, drift only those of versions with a profile), so each side is decoded
/// on first use and kept. Thread-safe: concurrent first uses may each decode, and one result is kept.
/// </remarks>
/// <param name="time">When the request was answered, in UTC.</param>
/// <param name="requestId">The request's own id, or the one the log gave it.</param>
/// <param name="model">The serving name.</param>
/// <param name="version">The version that answered.</param>
/// <param name="variant">Which variant answered.</param>
/// <param name="latencyMs">How long the request took, in milliseconds.</param>
/// <param name="inputs">The input tensors in <see cref="TensorBinary"/> layout.</param>
/// <param name="outputs">The output tensors in the same layout.</param>
public sealed class LoggedRecord(
    DateTimeOffset time, string requestId, string model, string version, string variant, double latencyMs, byte[] inputs, byte[] outputs)
{
    private StrongBox<JsonElement>? _inputs;
    private StrongBox<JsonElement>? _outputs;

    /// <summary>When the request was answered, in UTC.</summary>
    public DateTimeOffset Time => time;

    /// <summary>The request's own id, or the one the log gave it.</summary>
    public string RequestId => requestId;

    /// <summary>The serving name.</summary>
    public string Model => model;

    /// <summary>The version that answered.</summary>
    public string Version => version;

    /// <summary>Which variant answered: <c>stable</c>, <c>canary</c> or <c>pinned</c>.</summary>
    public string Variant => variant;

    /// <summary>How long the request took, in milliseconds.</summary>
    public double LatencyMs => latencyMs;

    /// <summary>How many rows the request held: its first input's first dimension (1 for a scalar, 0 without inputs), read without decoding.</summary>
    public int Rows => TensorBinary.RowsOf(inputs);

    /// <summary>The input tensors as <see cref="LoggedInference.Inputs"/> describes them.</summary>
    public JsonElement Inputs => (_inputs ??= new StrongBox<JsonElement>(TensorJson.Decode(inputs))).Value;

    /// <summary>The output tensors in the same form.</summary>
    public JsonElement Outputs => (_outputs ??= new StrongBox<JsonElement>(TensorJson.Decode(outputs))).Value;

    /// <summary>The record as the API returns it.</summary>
    public LoggedInference ToInference() => new(time, requestId, model, version, variant, latencyMs, Inputs, Outputs);
}
