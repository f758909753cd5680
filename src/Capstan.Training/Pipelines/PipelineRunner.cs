using Capstan.Core.Errors;
using Capstan.Training.Candidates;
using Capstan.Training.Data;
using Capstan.Training.Gates;
using Microsoft.ML;

namespace Capstan.Training.Pipelines;

/// <summary>Runs a pipeline once: reads and checks the data, searches the candidates, measures the best against the champion on the same holdout, applies the gate and writes the model files.</summary>
/// <remarks>
/// The run's lineage is in its result: the spec hash, the data fingerprint and every trial. The same data, spec and
/// seed give byte-identical model files. Expected failures (missing data, failed checks, a champion that does not
/// fit the pipeline) are error results; cancellation throws <see cref="OperationCanceledException"/> promptly, ML.NET's
/// fit included. The runner writes nothing outside the output directory and keeps no state between runs: it is safe
/// to run several pipelines at once, each with its own output directory.
/// </remarks>
public sealed class PipelineRunner
{
    /// <summary>The file name of the ML.NET model in the output directory.</summary>
    public const string MlNetFileName = "model.zip";

    /// <summary>The file name of the ONNX model in the output directory.</summary>
    public const string OnnxFileName = "model.onnx";

    private readonly ITrainingDataSource _source;
    private readonly TrainingOptions _options;

    /// <summary>Creates a runner that reads data through <paramref name="source"/> and keeps to <paramref name="options"/>, which it validates.</summary>
    public PipelineRunner(ITrainingDataSource source, TrainingOptions options)
    {
        options.Validate();
        _source = source;
        _options = options;
    }

    /// <summary>Runs <paramref name="spec"/>, comparing with the champion model file at <paramref name="championPath"/> (ML.NET zip or ONNX) when there is one, and writes the model into <paramref name="outputDirectory"/>.</summary>
    public async Task<Result<PipelineRunResult>> RunAsync(
        PipelineSpec spec, string? championPath, string outputDirectory, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new PipelineProgress(PipelineStage.Loading, 0, 1, $"reading the {spec.Source.Kind} source"));
        if (!(await _source.LoadAsync(spec, cancellationToken)).TryGetValue(out var table, out var error))
            return error;
        progress?.Report(new PipelineProgress(PipelineStage.Loading, 1, 1, $"read {table.RowCount} rows"));
        return await Task.Run(() => Train(spec, table, championPath, outputDirectory, progress, cancellationToken), cancellationToken);
    }

    private Result<PipelineRunResult> Train(
        PipelineSpec spec, TrainingTable table, string? championPath, string outputDirectory, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new PipelineProgress(PipelineStage.Checking, 0, 1, "running the data checks"));
        if (!DataChecks.Run(table, spec.Checks).TryGetValue(out _, out var error))
            return error;
        if (!DataPartition.Create(table, spec.Evaluation, spec.Search.Seed).TryGetValue(out var partition, out error))
            return error;
        progress?.Report(new PipelineProgress(PipelineStage.Checking, 1, 1, $"{partition.Train.Length} rows to train on, {partition.Holdout.Length} held out"));
        if (!CandidateSearch.Run(spec, table, partition, progress, cancellationToken).TryGetValue(out var search, out error))
            return error;
        SortedDictionary<string, double>? champion = null;
        if (championPath is not null)
        {
            progress?.Report(new PipelineProgress(PipelineStage.Champion, 0, 1, "scoring the champion on the holdout"));
            if (!ChampionEvaluator.Evaluate(championPath, table, partition.Holdout).TryGetValue(out champion, out error))
                return error;
            progress?.Report(new PipelineProgress(PipelineStage.Champion, 1, 1, $"champion {spec.Gate.Metric} {champion[spec.Gate.Metric]:0.####}"));
        }
        progress?.Report(new PipelineProgress(PipelineStage.Latency, 0, 1, "timing one-row predictions"));
        var latency = LatencyProbe.P99Milliseconds(search.Model, table, partition.Holdout, _options.LatencyRows, cancellationToken);
        progress?.Report(new PipelineProgress(PipelineStage.Latency, 1, 1, $"p99 {latency:0.###} ms per row"));
        var gate = Gate.Decide(spec.Gate, search.Best.Holdout, champion, latency);

        progress?.Report(new PipelineProgress(PipelineStage.Saving, 0, 1, "writing the model files"));
        Directory.CreateDirectory(outputDirectory);
        var ml = new MLContext(spec.Search.Seed);
        var features = new TableDataView(table, partition.Train, withLabel: false);
        var mlNetPath = Path.Combine(outputDirectory, MlNetFileName);
        ModelFiles.SaveMlNet(ml, search.Model, features.Schema, mlNetPath);
        ModelFile? onnx = null;
        string? onnxSkipped = null;
        if (spec.Export.Onnx)
        {
            var onnxPath = Path.Combine(outputDirectory, OnnxFileName);
            onnxSkipped = ModelFiles.SaveOnnx(ml, search.Model, features, onnxPath);
            onnx = onnxSkipped is null ? new ModelFile(onnxPath, ModelFiles.Sha256(onnxPath)) : null;
        }
        progress?.Report(new PipelineProgress(PipelineStage.Saving, 1, 1, gate.Passed ? "the candidate passes the gate" : "the candidate fails the gate"));
        return new PipelineRunResult(spec.Hash, table.Fingerprint, table.RowCount, partition.Train.Length, partition.Holdout.Length,
            search.Trials, search.Best, champion, latency, gate, new ModelFile(mlNetPath, ModelFiles.Sha256(mlNetPath)), onnx, onnxSkipped);
    }
}
