using Capstan.Training.Candidates;
using Capstan.Training.Gates;

namespace Capstan.Training.Pipelines;

/// <summary>Everything a run produced: lineage (spec hash, data fingerprint), the search trace, the best candidate against the champion, the gate's decision and the model files.</summary>
/// <param name="SpecHash">The spec's <see cref="PipelineSpec.Hash"/>.</param>
/// <param name="DataFingerprint">The <see cref="Data.TrainingTable.Fingerprint"/> of the rows read.</param>
/// <param name="Rows">How many rows the source returned.</param>
/// <param name="TrainRows">How many of them the model trained on.</param>
/// <param name="HoldoutRows">How many were held out; candidate and champion are compared on these.</param>
/// <param name="Trials">Every trial of the search, in the order run.</param>
/// <param name="Best">The trial whose model the run saved.</param>
/// <param name="Champion">The champion's metrics on the same holdout rows, or null when there is no champion.</param>
/// <param name="LatencyP99Ms">The saved model's 99th-percentile time to score one row, in milliseconds.</param>
/// <param name="Gate">Whether the candidate may replace the champion, and why.</param>
/// <param name="MlNet">The ML.NET model zip.</param>
/// <param name="Onnx">The ONNX conversion, or null when the spec does not ask for it or the pipeline does not convert.</param>
/// <param name="OnnxSkipped">Why there is no ONNX file although the spec asks for one, or null.</param>
public sealed record PipelineRunResult(
    string SpecHash,
    string DataFingerprint,
    int Rows,
    int TrainRows,
    int HoldoutRows,
    IReadOnlyList<TrialResult> Trials,
    TrialResult Best,
    IReadOnlyDictionary<string, double>? Champion,
    double LatencyP99Ms,
    GateDecision Gate,
    ModelFile MlNet,
    ModelFile? Onnx,
    string? OnnxSkipped);
