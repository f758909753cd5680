using System.Diagnostics;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Monitoring.InferenceLog;
using Capstan.Monitoring.Performance;
using Capstan.Registry.Stores;

// Realized performance of ROWS logged single-row predictions of a breast-cancer-shaped binary model, every one labelled:
// the time to store the labels in SQLite in posts of 10,000, and the median of 5 reports joining them with the log.
var rows = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var random = new Random(20250314);
var data = Directory.CreateTempSubdirectory("capstan-bench-performance-");
try
{
    var start = DateTimeOffset.UtcNow.AddMinutes(-30);
    var log = new InferenceLogOptions { Enabled = true, Directory = Path.Combine(data.FullName, "inference-log") };
    await using var store = await RegistryStores.OpenAsync(null, data.FullName, TimeProvider.System, CancellationToken.None);
    var name = ModelName.Parse("bc").Value;
    var signature = new ModelSignature(
        [new TensorSpec("Features", TensorDataType.Fp32, [-1, 30])],
        [new TensorSpec("PredictedLabel.output", TensorDataType.Bool, [-1, 1]), new TensorSpec("Probability.output", TensorDataType.Fp32, [-1, 1])],
        ["Features"]);
    await store.AddVersionAsync(new NewModelVersion(name, ModelFormat.Onnx, 1, new string('a', 64), signature, new Dictionary<string, double>(),
        new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, Lineage.None, null, new Actor("bench"), null), CancellationToken.None);

    var truth = new bool[rows];
    var features = new float[30];
    await using (var sink = new ParquetLogSink(log, TimeProvider.System))
    {
        var batch = new List<InferenceRecord>(4096);
        for (var i = 0; i < rows; i++)
        {
            truth[i] = random.NextDouble() < 0.37;
            var probability = (float)Math.Clamp((truth[i] ? 0.75 : 0.25) + (random.NextDouble() - 0.5) * 0.8, 0, 1);
            var id = $"req-{i}";
            batch.Add(new InferenceRecord(start.AddMilliseconds(i), "bc", "stable", TimeSpan.FromMilliseconds(1),
                new InferenceRequest(id, [Tensor.From("Features", TensorDataType.Fp32, [1, 30], features)]),
                new InferenceResponse("bc", "1", id,
                [
                    Tensor.From("PredictedLabel.output", TensorDataType.Bool, [1, 1], [probability >= 0.5f ? (byte)1 : (byte)0]),
                    Tensor.From("Probability.output", TensorDataType.Fp32, [1, 1], [probability]),
                ])));
            if (batch.Count == batch.Capacity || i == rows - 1)
            {
                await sink.WriteAsync(InferenceLogBatch.Of(batch, log, DateTimeOffset.UtcNow), CancellationToken.None);
                batch.Clear();
            }
        }
    }

    var labelling = Stopwatch.StartNew();
    foreach (var chunk in Enumerable.Range(0, rows).Chunk(FeedbackLimits.MaxLabelsPerPost))
    {
        var labels = chunk.Select(i => new GroundTruth($"req-{i}", LabelValue.Of(truth[i]))).ToList();
        _ = (await store.AddFeedbackAsync(name, labels, new Actor("bench"), CancellationToken.None)).Value;
    }
    var labelSeconds = labelling.Elapsed.TotalSeconds;

    var calculator = new PerformanceCalculator(store, new InferenceLogReader(log), new PerformanceOptions { MaxPredictions = rows }, TimeProvider.System);
    var query = new PerformanceQuery(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
    var times = new double[5];
    PerformanceReport? report = null;
    for (var run = 0; run < times.Length; run++)
    {
        var watch = Stopwatch.StartNew();
        report = (await calculator.ComputeAsync(name, query, CancellationToken.None)).Value;
        times[run] = watch.Elapsed.TotalSeconds;
    }
    Array.Sort(times);
    var overall = report!.Overall;
    Console.WriteLine($"stored {rows:N0} labels in posts of {FeedbackLimits.MaxLabelsPerPost:N0} into SQLite in {labelSeconds:F2} s ({rows / labelSeconds:N0} labels/s)");
    Console.WriteLine($"joined {overall.Joined:N0} (unmatched {overall.Unmatched}): accuracy {overall.Accuracy:F4}, AUC {overall.Auc:F4}, log loss {overall.LogLoss:F4}");
    Console.WriteLine($"report over {rows:N0} logged predictions in 5-minute buckets: median of 5 runs {times[2]:F3} s (runs {string.Join(", ", times.Select(t => t.ToString("F3")))})");
}
finally
{
    data.Delete(recursive: true);
}
