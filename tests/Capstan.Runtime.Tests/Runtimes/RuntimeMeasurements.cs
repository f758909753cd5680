using System.Diagnostics;
using System.Runtime;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Capstan.Testing.Models;
using Capstan.Training.Datasets;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Tests.Runtimes;

/// <summary>Measures per-call latency and allocation of both runtimes on the breast cancer model, beside the plain in-process APIs.</summary>
/// <remarks>
/// Explicit, so it runs only when asked for, and it asserts nothing about time: it writes its numbers to the test
/// output, measured after the JIT has settled. Run it with
/// <c>dotnet test --project tests/Capstan.Runtime.Tests -c Release --output detailed -- --filter-class "*RuntimeMeasurements" --explicit only</c>.
/// </remarks>
public sealed class RuntimeMeasurements
{
    private static readonly TimeSpan QuietTimeAfterWarmUp = TimeSpan.FromSeconds(1);
    private const int Rounds = 20;
    private const int CallsPerRound = 100;

    [Fact(Explicit = true)]
    public void Measure_LatencyAndAllocationPerCallAtBatchOneAndThirtyTwo()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var holdout = TestModels.BreastCancer.Holdout;
        using var onnx = LoadedModels.Load(TestModels.BreastCancerOnnx);
        using var mlNet = LoadedModels.Load(TestModels.BreastCancerMlNet);
        var onnxOutputs = onnx.Signature.Outputs.Select(spec => spec.Name).ToList();
        string[] servedOutputs = ["Probability.output", "PredictedLabel.output"];
        using var pruned = LoadedModels.Load(TestModels.BreastCancerOnnx,
            onnx.Signature with { Outputs = onnx.Signature.Outputs.Where(spec => servedOutputs.Contains(spec.Name)).ToList() });
        string[] mlNetOutputs = ["PredictedLabel", "Score", "Probability"];
        output.WriteLine($"ONNX MemoryBytes {onnx.MemoryBytes:N0}; ML.NET MemoryBytes {mlNet.MemoryBytes:N0} (zip {new FileInfo(TestModels.BreastCancerMlNet).Length:N0} bytes)");

        foreach (var batch in new[] { 1, 32 })
        {
            var features = Tensors.Features(holdout.Take(batch));
            Report(output, $"Capstan ONNX, batch {batch}", () => onnx.Run([features], onnxOutputs));
            Report(output, $"Capstan ONNX, two of four outputs asked for, batch {batch}", () => onnx.Run([features], servedOutputs));
            Report(output, $"Capstan ONNX, pruned to those two, batch {batch}", () => pruned.Run([features], servedOutputs));
            Report(output, $"Capstan ML.NET, batch {batch}", () => mlNet.Run([features], mlNetOutputs));
            ReportPlainSession(output, batch, features, onnxOutputs);
            ReportPredictionEngine(output, batch, holdout);
        }
    }

    [Fact(Explicit = true)]
    public void Measure_MemoryRetainedPerLoadedModelAgainstMemoryBytes()
    {
        const int Copies = 20;
        var output = TestContext.Current.TestOutputHelper!;
        foreach (var path in new[] { TestModels.BreastCancerOnnx, TestModels.ScalarInputsOnnx, TestModels.IdentityPerTypeOnnx, TestModels.BreastCancerMlNet, TestModels.MixedInputsMlNet })
        {
            LoadedModels.Load(path).Dispose();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var workingSet = Environment.WorkingSet;
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var models = Enumerable.Range(0, Copies).Select(_ => LoadedModels.Load(path)).ToList();
            var managedGrowth = (GC.GetTotalMemory(forceFullCollection: true) - managed) / Copies;
            var workingSetGrowth = (Environment.WorkingSet - workingSet) / Copies;
            foreach (var model in models)
                Tensors.Run(model, WarmupInputs.For(model.Signature), model.Signature.Outputs.Select(spec => spec.Name).ToList());
            var warmedGrowth = (Environment.WorkingSet - workingSet) / Copies;
            output.WriteLine($"{Path.GetFileName(path)} ({new FileInfo(path).Length:N0} B): MemoryBytes {models[0].MemoryBytes:N0}; per loaded copy, managed heap +{managedGrowth:N0} B, working set +{workingSetGrowth:N0} B, +{warmedGrowth:N0} B once warmed up");
            models.ForEach(model => model.Dispose());
        }
    }

    private static void ReportPlainSession(ITestOutputHelper output, int batch, Tensor features, List<string> outputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(TestModels.BreastCancerOnnx, options);
        using var runOptions = new RunOptions();
        var values = features.Span<float>().ToArray();
        long[] shape = [batch, 30];
        Report(output, $"plain InferenceSession, batch {batch}", () =>
        {
            using var input = OrtValue.CreateTensorValueFromMemory(values, shape);
            using var results = session.Run(runOptions, ["Features"], [input], outputs);
        });
    }

    private static void ReportPredictionEngine(ITestOutputHelper output, int batch, IReadOnlyList<LabeledSample> holdout)
    {
        var engine = BreastCancerEngine.Create();
        var prediction = new BinaryPrediction();
        Report(output, $"PredictionEngine ({batch} Predict calls)", () =>
        {
            for (var row = 0; row < batch; row++)
                engine.Predict(holdout[row], ref prediction);
        });
    }

    /// <summary>Writes the best of <see cref="Rounds"/> short rounds (the machine may be busy with other work) and the allocation per call.</summary>
    private static void Report(ITestOutputHelper output, string name, Action call)
    {
        WarmUp(call);
        var best = TimeSpan.MaxValue;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < Rounds; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < CallsPerRound; i++)
                call();
            best = stopwatch.Elapsed < best ? stopwatch.Elapsed : best;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        output.WriteLine($"{name}: {best.TotalMicroseconds / CallsPerRound:N1} µs/call, {allocated / (Rounds * CallsPerRound):N0} B allocated/call");
    }

    /// <summary>Calls until the JIT has compiled nothing for <see cref="QuietTimeAfterWarmUp"/>, so that the code measured is what a long-running server runs.</summary>
    /// <remarks>
    /// Tiered compilation starts optimising hot methods only after 100 ms in which nothing new was compiled, then
    /// compiles them in the background; on a busy machine that took tens of thousands of calls, and ML.NET measured
    /// several times slower before it.
    /// </remarks>
    private static void WarmUp(Action call)
    {
        var quietSince = Stopwatch.StartNew();
        while (quietSince.Elapsed < QuietTimeAfterWarmUp)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < 100; i++)
                call();
            if (JitInfo.GetCompiledMethodCount() != compiled)
                quietSince.Restart();
        }
    }
}
