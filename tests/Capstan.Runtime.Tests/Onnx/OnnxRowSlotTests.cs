using Capstan.Runtime.Tests.Runtimes;
using Capstan.Testing.Models;

namespace Capstan.Runtime.Tests.Onnx;

public sealed class OnnxRowSlotTests
{
    [Fact]
    public void SingleRowRuns_CreateNoOnnxRuntimeValuesAndPassNoNames_SoTheyAllocateLessThanRunsWithoutSlots()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);
        var outputs = model.Signature.Outputs.Select(o => o.Name).ToList();
        var row = Tensors.Features(TestModels.BreastCancer.Holdout.Take(1));
        for (var i = 0; i < 2_000; i++)
            model.Run([row], outputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
            model.Run([row], outputs);
        var perRun = (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000;

        // Measured on this build: 752 bytes a run through slots bound to the session, 1,272 when slots passed their
        // values and names to each run, 1,680 with slots turned off (three values created and released per run).
        Assert.InRange(perRun, 0, 1_000);
    }

    [Fact]
    public void ASlotRunAskingForOtherOutputsThanTheLast_AnswersWithTheOutputsItAskedFor()
    {
        using var reference = LoadedModels.Load(TestModels.BreastCancerOnnx);
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);
        var all = model.Signature.Outputs.Select(o => o.Name).ToList();
        var rows = TestModels.BreastCancer.Holdout.Take(4).Select(sample => Tensors.Features([sample])).ToList();
        var expected = rows.Select(row => Tensors.Run(reference, [row], all)).ToList();
        string[][] asks = [[all[1]], [all[3], all[0]], [.. all], [all[2]]];

        for (var round = 0; round < 2; round++)
        {
            for (var row = 0; row < rows.Count; row++)
            {
                foreach (var ask in asks)
                {
                    var answers = Tensors.Run(model, [rows[row]], ask);
                    for (var i = 0; i < ask.Length; i++)
                        Tensors.AssertSame(expected[row][all.IndexOf(ask[i])], answers[i]);
                }
            }
        }
    }
}
