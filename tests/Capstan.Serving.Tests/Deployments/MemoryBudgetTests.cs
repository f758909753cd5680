using System.Collections.Concurrent;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.Tests.Support;
using Capstan.Testing.Models;

namespace Capstan.Serving.Tests.Deployments;

public sealed class MemoryBudgetTests
{
    private static float[] Row(int index) => TestModels.BreastCancer.Holdout[index].Features;

    [Fact]
    public async Task Loading_PastTheBudgetUnloadsTheLeastRecentlyUsedIdleModel()
    {
        await using var serving = await ServingHarness.StartAsync(memoryBudgetBytes: 1);
        await serving.PushAsync("a", TestModels.BreastCancerOnnx);
        await serving.PushAsync("b", TestModels.SmallBreastCancer.OnnxPath);
        await serving.DeployAsync("a");

        await serving.DeployAsync("b");

        Assert.Null(serving.Table.Find("a")!.Current);
        Assert.True(serving.Table.Find("a")!.Evicted);
        Assert.NotNull(serving.Table.Find("b")!.Current);
        Assert.False(serving.DataPlane.IsModelReady("a", null).Value);
        Assert.Equal("a", serving.DataPlane.GetMetadata("a", null).Value.Name);
    }

    [Fact]
    public async Task AnUnloadedModel_LoadsAgainOnItsNextRequestAndAnswersTheSame()
    {
        await using var serving = await ServingHarness.StartAsync(memoryBudgetBytes: 1);
        await serving.PushAsync("a", TestModels.BreastCancerOnnx);
        await serving.PushAsync("b", TestModels.SmallBreastCancer.OnnxPath);
        await serving.DeployAsync("a");
        var before = await serving.ScoreAsync("a", Row(2));
        await serving.DeployAsync("b");
        await serving.RunReconcilerAsync();

        var after = await serving.ScoreAsync("a", Row(2));

        Assert.Equal(before, after);
        Assert.NotNull(serving.Table.Find("a")!.Current);
        // The reconciler makes room for a reloaded model just after it starts serving it, so the request may return first.
        await Poll.UntilAsync(() => serving.Table.Find("b")!.Evicted);
    }

    [Fact]
    public async Task ARequestWhoseModelIsUnloadedAgainBeforeItGetsIn_DemandsItAgainAndIsAnswered()
    {
        await using var serving = await ServingHarness.StartAsync(memoryBudgetBytes: 1);
        await serving.PushAsync("a", TestModels.BreastCancerOnnx);
        await serving.PushAsync("b", TestModels.SmallBreastCancer.OnnxPath);
        await serving.PushAsync("c", TestModels.BreastCancerMlNet);
        foreach (var model in new[] { "a", "b", "c" })
            await serving.DeployAsync(model);
        var held = new HeldContext();

        var (a, b) = held.Start(() => (Score(serving, "a"), Score(serving, "b")));
        await serving.ReconcileAsync();
        held.RunPosted();
        for (var pass = 0; pass < 5 && !(a.IsCompleted && b.IsCompleted); pass++)
        {
            await serving.ReconcileAsync();
            held.RunPosted();
        }

        Assert.True(a.IsCompleted && b.IsCompleted, "a request was still waiting after five reconcile passes");
        Assert.True((await a).IsSuccess, (await a).IsSuccess ? "" : (await a).Error.Message);
        Assert.True((await b).IsSuccess, (await b).IsSuccess ? "" : (await b).Error.Message);
    }

    [Fact]
    public async Task AnUnloadedModel_ThatFailsToLoadAgainAnswersNotReadyWithTheReason()
    {
        await using var serving = await ServingHarness.StartAsync(memoryBudgetBytes: 1);
        var a = await serving.PushAsync("a", TestModels.BreastCancerOnnx);
        await serving.PushAsync("b", TestModels.SmallBreastCancer.OnnxPath);
        await serving.DeployAsync("a");
        await serving.DeployAsync("b");
        var blob = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(serving.ServingFolder)!, "artifacts", "sha256"), a.Sha256, SearchOption.AllDirectories).Single();
        File.WriteAllBytes(blob, [1, 2, 3]);
        await serving.RunReconcilerAsync();

        var request = new Core.Tensors.InferenceRequest(null, [Core.Tensors.Tensor.From("Features", Core.Signatures.TensorDataType.Fp32, [1, 30], Row(0))]);
        var refused = await serving.DataPlane.InferAsync("a", null, request, CancellationToken.None);

        Assert.Equal(ErrorCode.NotReady, refused.Error.Code);
        Assert.Contains("corrupt", refused.Error.Message);
    }

    [Fact]
    public async Task AGenerousBudget_KeepsEveryModelLoaded()
    {
        await using var serving = await ServingHarness.StartAsync(memoryBudgetBytes: 1L << 30);
        await serving.PushAsync("a", TestModels.BreastCancerOnnx);
        await serving.PushAsync("b", TestModels.SmallBreastCancer.OnnxPath);

        await serving.DeployAsync("a");
        await serving.DeployAsync("b");

        Assert.All(serving.Table.Models, m => Assert.NotNull(m.Current));
    }

    private static Task<Result<InferenceResponse>> Score(ServingHarness serving, string model) =>
        serving.DataPlane.InferAsync(model, null, new InferenceRequest(null, [Tensor.From("Features", TensorDataType.Fp32, [1, 30], Row(0))]), CancellationToken.None).AsTask();

    /// <summary>Keeps the continuations of the requests started in it until <see cref="RunPosted"/>, so that a reconcile pass can both load a model and unload it again before its waiting request gets in.</summary>
    private sealed class HeldContext : SynchronizationContext
    {
        private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _posted = new();

        public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

        /// <summary>Runs <paramref name="start"/> with this context current, so the awaits inside come back to it.</summary>
        public T Start<T>(Func<T> start) => Within(start);

        /// <summary>Runs the continuations posted so far, and any they post in turn.</summary>
        public void RunPosted() => Within(() =>
        {
            while (_posted.TryDequeue(out var posted))
                posted.Callback(posted.State);
            return 0;
        });

        private T Within<T>(Func<T> action)
        {
            var previous = Current;
            SetSynchronizationContext(this);
            try
            {
                return action();
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }
    }
}
