namespace Capstan.Core.Pipelines;

/// <summary>What a run that trained found: the data, the search, the champion's metrics, the gate's decision and, when it passed, what was registered.</summary>
/// <param name="DataFingerprint">The fingerprint of the rows read.</param>
/// <param name="Rows">How many rows the source returned.</param>
/// <param name="TrainRows">How many the candidates trained on.</param>
/// <param name="HoldoutRows">How many were held out for the comparison with the champion.</param>
/// <param name="Metric">The gate's metric.</param>
/// <param name="Trials">Every trial of the search, in the order run.</param>
/// <param name="Best">The index in <paramref name="Trials"/> of the trial whose model was kept.</param>
/// <param name="Champion">The champion's reference (<c>name:N</c>), or null when there was none.</param>
/// <param name="ChampionMetrics">The champion's metrics on the same holdout rows, or null.</param>
/// <param name="LatencyP99Ms">The candidate's 99th-percentile time to score one row, in milliseconds.</param>
/// <param name="GatePassed">Whether the candidate passed the gate.</param>
/// <param name="GateReason">The gate's reason in one line.</param>
/// <param name="ModelSha256">The SHA-256 of the model file the run kept (the one pushed when it passed).</param>
/// <param name="Format">The format pushed, <c>onnx</c> or <c>mlnet</c>, and why, or null when nothing was pushed.</param>
public sealed record RunOutcome(
    string DataFingerprint,
    int Rows,
    int TrainRows,
    int HoldoutRows,
    string Metric,
    IReadOnlyList<RunTrial> Trials,
    int Best,
    string? Champion,
    IReadOnlyDictionary<string, double>? ChampionMetrics,
    double LatencyP99Ms,
    bool GatePassed,
    string GateReason,
    string ModelSha256,
    string? Format);
