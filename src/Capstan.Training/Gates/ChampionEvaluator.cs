using Capstan.Core.Errors;
using Capstan.Training.Candidates;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Capstan.Training.Gates;

/// <summary>Scores a champion model, an ML.NET zip or an ONNX file, on the very rows a candidate was held out on, with the same metrics.</summary>
/// <remarks>
/// The format is told by the content (a zip header means ML.NET), never by the name. An ML.NET champion is loaded and
/// measured exactly as candidates are. An ONNX champion runs in ONNX Runtime with one input per column, named after
/// it, of shape [rows, 1] (FP32 for numeric and boolean features, strings for the others), as ML.NET's converter
/// writes them; its <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> outputs (with or without the
/// converter's <c>.output</c> suffix) are measured by ML.NET's evaluators. Multiclass ONNX champions are refused,
/// since ONNX does not say which class each score slot stands for. A champion that is not a model, or does not take
/// the pipeline's columns, is an <see cref="Capstan.Core.Errors.ErrorCode.InvalidInput"/> result. The file is expected to come from the
/// registry, which has already checked it for hostile content. Stateless and safe to call concurrently.
/// </remarks>
public static class ChampionEvaluator
{
    /// <summary>The metrics of the champion at <paramref name="path"/> on <paramref name="rows"/> of <paramref name="table"/>.</summary>
    public static Result<SortedDictionary<string, double>> Evaluate(string path, TrainingTable table, int[] rows)
    {
        if (!File.Exists(path))
            return Error.NotFound($"There is no champion model file '{path}'.");
        var header = new byte[4];
        using (var stream = File.OpenRead(path))
            stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return header.AsSpan().SequenceEqual("PK\u0003\u0004"u8) ? EvaluateMlNet(path, table, rows) : EvaluateOnnx(path, table, rows);
    }

    private static Result<SortedDictionary<string, double>> EvaluateMlNet(string path, TrainingTable table, int[] rows)
    {
        var ml = new MLContext(0);
        ITransformer model;
        try
        {
            model = ml.Model.Load(path, out _);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException or IOException)
        {
            return Error.InvalidInput($"The champion '{path}' is not an ML.NET model that loads: {e.Message}");
        }
        try
        {
            return CandidateSearch.Measure(ml, model, table, rows);
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Error.InvalidInput($"The champion '{path}' does not take this pipeline's columns: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return Error.InvalidInput($"The champion '{path}' cannot score this pipeline's rows: {e.Message}");
        }
    }

    private static Result<SortedDictionary<string, double>> EvaluateOnnx(string path, TrainingTable table, int[] rows)
    {
        if (table.Task == TrainingTask.Multiclass)
            return Error.InvalidInput("An ONNX champion cannot be measured on a multiclass task, since ONNX does not say which class each score stands for; register the champion's ML.NET zip.");
        InferenceSession session;
        try
        {
            session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            return Error.InvalidInput($"The champion '{path}' is not an ONNX model that loads: {e.Message}");
        }
        using (session)
        {
            var inputs = new List<NamedOnnxValue>();
            foreach (var (name, metadata) in session.InputMetadata)
            {
                if (table.Features.FirstOrDefault(f => f.Spec.Name == name) is not { } feature)
                    return Error.InvalidInput($"The ONNX champion takes an input '{name}' that is not a feature of this pipeline ({string.Join(", ", table.Features.Select(f => f.Spec.Name))}).");
                int[] shape = [rows.Length, 1];
                if (feature.Numbers is { } numbers && metadata.ElementType == typeof(float))
                    inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(rows.Select(r => numbers[r]).ToArray(), shape)));
                else if (feature.Texts is { } texts && metadata.ElementType == typeof(string))
                    inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(rows.Select(r => texts[r] ?? "").ToArray(), shape)));
                else
                    return Error.InvalidInput($"The ONNX champion's input '{name}' is {metadata.ElementType.Name}, but the pipeline's column is {feature.Spec.Type.ToString().ToLowerInvariant()}.");
            }
            var wanted = table.Task == TrainingTask.Binary ? new[] { "Score", "Probability", "PredictedLabel" } : ["Score"];
            var outputNames = new List<string>();
            foreach (var output in wanted)
            {
                var actual = session.OutputMetadata.Keys.FirstOrDefault(k => k == output + ".output") ?? session.OutputMetadata.Keys.FirstOrDefault(k => k == output);
                if (actual is null)
                    return Error.InvalidInput($"The ONNX champion has no output '{output}' (nor '{output}.output'); it has {string.Join(", ", session.OutputMetadata.Keys)}.");
                outputNames.Add(actual);
            }
            IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results;
            try
            {
                results = session.Run(inputs, outputNames);
            }
            catch (OnnxRuntimeException e)
            {
                return Error.InvalidInput($"The ONNX champion fails on this pipeline's rows: {e.Message}");
            }
            using (results)
            {
                var ml = new MLContext(0);
                var scores = results[0].AsEnumerable<float>().ToArray();
                if (table.Task == TrainingTask.Regression)
                {
                    var view = ml.Data.LoadFromEnumerable(rows.Select((r, i) => new RegressionRow { Label = table.NumericLabels![r], Score = scores[i] }));
                    return ModelMetrics.Evaluate(ml, view, TrainingTask.Regression, "Label");
                }
                var probabilities = results[1].AsEnumerable<float>().ToArray();
                var predicted = results[2].AsEnumerable<bool>().ToArray();
                var binary = ml.Data.LoadFromEnumerable(rows.Select((r, i) => new BinaryRow
                {
                    Label = table.BinaryLabels![r], Score = scores[i], Probability = probabilities[i], PredictedLabel = predicted[i],
                }));
                return ModelMetrics.Evaluate(ml, binary, TrainingTask.Binary, "Label");
            }
        }
    }

    private sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }
}
