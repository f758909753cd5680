using System.Diagnostics;
using System.Text.Json;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serialization;
using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Monitoring.Drift;
using Capstan.Monitoring.InferenceLog;
using Capstan.Registry.Stores;

/// <summary>Times the whole drift evaluation of a model: reading its inference log (one-row requests), turning the logged tensors into columns, and testing them against its stored profile.</summary>
internal static class LogBench
{
    public static async Task RunAsync(DatasetProfile reference, double[][] current, double targetSeconds)
    {
        var rows = current[0].Length;
        var features = current.Length;
        var directory = Directory.CreateTempSubdirectory("capstan-drift-bench-");
        try
        {
            var options = new InferenceLogOptions { Enabled = true, Directory = directory.FullName };
            var store = new InMemoryRegistryStore(TimeProvider.System);
            var model = ModelName.Parse("bench").Value;
            var signature = new ModelSignature([new TensorSpec("x", TensorDataType.Fp64, [-1, features])], [new TensorSpec("y", TensorDataType.Fp64, [-1, 1])], ["x"]);
            await store.AddVersionAsync(new NewModelVersion(model, ModelFormat.Onnx, 1, new string('0', 64), signature,
                new Dictionary<string, double>(), new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, Lineage.None, null, Actor.System, null), default);
            var profile = new ReferenceProfile("bench", 1, reference.Rows, reference.Features.Select((f, i) => new ProfiledColumn("x", i, f)).ToList(), 0, [], DateTimeOffset.UtcNow, "bench");
            await store.SetProfileAsync(model, 1, JsonSerializer.Serialize(profile, CapstanJson.Options), Actor.System, default);

            var written = Stopwatch.StartNew();
            await using (var sink = new ParquetLogSink(options, TimeProvider.System))
            {
                var batch = new List<InferenceRecord>(options.BatchSize);
                var now = DateTimeOffset.UtcNow.AddMinutes(-10);
                var y = Tensor.From("y", TensorDataType.Fp64, [1, 1], [0.5]);
                for (var r = 0; r < rows; r++)
                {
                    var x = new double[features];
                    for (var f = 0; f < features; f++)
                        x[f] = current[f][r];
                    var request = new InferenceRequest(null, [Tensor.From("x", TensorDataType.Fp64, [1, features], x)]);
                    batch.Add(new InferenceRecord(now, "bench", "stable", TimeSpan.FromMilliseconds(1), request, new InferenceResponse("bench", "1", null, [y])));
                    if (batch.Count == options.BatchSize || r == rows - 1)
                    {
                        await sink.WriteAsync(InferenceLogBatch.Of(batch, options, DateTimeOffset.UtcNow), default);
                        batch.Clear();
                    }
                }
            }
            Console.WriteLine($"wrote {rows:N0} one-row requests of {features} values to the inference log in {written.Elapsed.TotalSeconds:F1} s");

            var read = Stopwatch.StartNew();
            var logged = 0;
            await foreach (var _ in new InferenceLogReader(options).ReadAsync("bench", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow, rows))
                logged++;
            Console.WriteLine($"reading the {logged:N0} requests back through InferenceLogReader alone takes {read.Elapsed.TotalSeconds:F3} s");

            var evaluator = new DriftEvaluator(store, new InferenceLogReader(options), new DriftOptions { MaxRequests = rows }, TimeProvider.System);
            var times = new double[3];
            DriftReport? report = null;
            for (var run = 0; run < times.Length; run++)
            {
                var watch = Stopwatch.StartNew();
                report = (await evaluator.EvaluateAsync(model, TimeSpan.FromHours(1), new DriftSettings(), default)).Value;
                times[run] = watch.Elapsed.TotalSeconds;
            }
            Array.Sort(times);
            var median = times[times.Length / 2];
            Console.WriteLine($"evaluated {report!.Rows:N0} logged rows: drifted share {report.Headline!.Dataset!.DriftedShare:F2}");
            Console.WriteLine($"drift of {rows:N0} logged rows x {features} numeric features from the inference log: median of 3 runs {median:F3} s (runs {string.Join(", ", times.Select(t => t.ToString("F3")))}); ratio to the {targetSeconds} s target {median / targetSeconds:F3}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
