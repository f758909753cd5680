using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Registry.Stores;
using Capstan.Serving.Execution;
using Capstan.Serving.Tests.Support;
using Capstan.Testing.Models;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Serving.Tests.Deployments;

public sealed class ReconcilerTests : IAsyncLifetime
{
    private ServingHarness _serving = null!;

    public async ValueTask InitializeAsync() => _serving = await ServingHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _serving.DisposeAsync();

    private static float[] Row(int index) => TestModels.BreastCancer.Holdout[index].Features;

    [Fact]
    public async Task Deploy_ServesThePinnedVersionWithTheAnswersOfAPlainSession()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);

        var deployment = await _serving.DeployAsync("bc:1");

        Assert.Equal((DeploymentState.Ready, (int?)1), (deployment.Status.State, deployment.Status.ServingVersion));
        using var session = new InferenceSession(TestModels.BreastCancerOnnx);
        for (var i = 0; i < 20; i++)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(Row(i), [1, 30]);
            using var expected = session.Run(new RunOptions(), ["Features"], [input], ["Probability.output"]);
            Assert.Equal(("1", expected[0].GetTensorDataAsSpan<float>()[0]), await _serving.ScoreAsync("bc", Row(i)));
        }
    }

    [Fact]
    public async Task Deploy_ServesAnMlNetModelWithoutTheClientSendingTheLabel()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerMlNet);
        await _serving.DeployAsync("bc");

        var request = new InferenceRequest("r", [Tensor.From("Features", TensorDataType.Fp32, [2, 30], [.. Row(0), .. Row(1)])]);
        var response = (await _serving.DataPlane.InferAsync("bc", null, request, CancellationToken.None)).Value;

        Assert.Equal("r", response.Id);
        var probability = response.Outputs.Single(o => o.Name == "Probability");
        Assert.Equal([2L], probability.Shape);
        Assert.All(probability.Span<float>().ToArray(), p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public async Task Deploy_FollowsAnAliasWhenItMoves()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx, alias: "champion");
        await _serving.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await _serving.DeployAsync("bc@champion");
        Assert.Equal("1", (await _serving.ScoreAsync("bc", Row(0))).Version);

        await _serving.Registry.SetAliasAsync("bc", "champion", 2, new Actor("test"), CancellationToken.None);
        await _serving.ReconcileAsync();

        Assert.Equal("2", (await _serving.ScoreAsync("bc", Row(0))).Version);
        Assert.Equal(2, (await _serving.Deployments.GetAsync("bc", CancellationToken.None)).Value.Status.ServingVersion);
    }

    [Fact]
    public async Task Swap_UnderConcurrentLoadFailsNoRequestAndEachAnswerComesFromOneVersion()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _serving.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await _serving.DeployAsync("bc:1");
        var expected = new Dictionary<string, float>
        {
            ["1"] = (await _serving.ScoreAsync("bc", Row(3))).Probability,
        };
        await _serving.DeployAsync("bc:2");
        expected["2"] = (await _serving.ScoreAsync("bc", Row(3))).Probability;
        Assert.NotEqual(expected["1"], expected["2"]);

        using var stop = new CancellationTokenSource();
        var answers = 0;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (version, probability) = await _serving.ScoreAsync("bc", Row(3));
                Assert.Equal(expected[version], probability);
                Interlocked.Increment(ref answers);
            }
        })).ToList();
        for (var swap = 0; swap < 20; swap++)
            await _serving.DeployAsync($"bc:{1 + swap % 2}");
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.True(answers > 20, $"only {answers} requests ran during 20 swaps");
    }

    [Fact]
    public async Task CorruptArtifact_FailsToDeployAndLeavesTheServingVersionServing()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        var bad = await _serving.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await _serving.DeployAsync("bc:1");
        var blob = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(_serving.ServingFolder)!, "artifacts", "sha256"), bad.Sha256, SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes);

        var deployment = await _serving.DeployAsync("bc:2");

        Assert.Equal((DeploymentState.Failed, (int?)1, (int?)2), (deployment.Status.State, deployment.Status.ServingVersion, deployment.Status.DesiredVersion));
        Assert.Contains("corrupt", deployment.Status.Reason);
        Assert.Equal("1", (await _serving.ScoreAsync("bc", Row(0))).Version);
    }

    [Fact]
    public async Task IncompatibleVersion_FailsToDeployAndLeavesTheServingVersionServing()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _serving.DeployAsync("bc");
        var newer = await _serving.PushAsync("other", TestModels.ScalarInputsOnnx);
        await _serving.Store.AddVersionAsync(new NewModelVersion(
            Core.Naming.ModelName.Parse("bc").Value, ModelFormat.Onnx, newer.SizeBytes, newer.Sha256,
            (await _serving.Store.ResolveAsync(Core.Naming.ModelReference.Parse("bc:1").Value, CancellationToken.None)).Value.Signature,
            new Dictionary<string, double>(), new Dictionary<string, string>(), new Dictionary<string, string>(),
            null, null, Lineage.None, null, new Actor("a newer Capstan"), null), CancellationToken.None);

        var deployment = await _serving.DeployAsync("bc:2");

        Assert.Equal(DeploymentState.Failed, deployment.Status.State);
        Assert.Contains("bc:2 failed to load", deployment.Status.Reason);
        Assert.Equal("1", (await _serving.ScoreAsync("bc", Row(0))).Version);
        await _serving.ReconcileAsync();
        Assert.Equal(deployment.Status.ReportedAt, (await _serving.Deployments.GetAsync("bc", CancellationToken.None)).Value.Status.ReportedAt);
    }

    [Fact]
    public async Task Undeploy_StopsServingAndRemovesTheCopiedArtifacts()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _serving.DeployAsync("bc");
        Assert.NotEmpty(Directory.GetFiles(_serving.ServingFolder, "*", SearchOption.AllDirectories));

        await _serving.Deployments.UndeployAsync("bc", new Actor("test"), CancellationToken.None);
        await _serving.ReconcileAsync();

        var request = new InferenceRequest(null, [Tensor.From("Features", TensorDataType.Fp32, [1, 30], Row(0))]);
        var refused = await _serving.DataPlane.InferAsync("bc", null, request, CancellationToken.None);
        Assert.Equal(ErrorCode.NotFound, refused.Error.Code);
        Assert.True(SpinWait.SpinUntil(() => Directory.GetFiles(_serving.ServingFolder, "*", SearchOption.AllDirectories).Length == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task VersionedRequests_ReachTheDeployedVersionOnly()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _serving.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await _serving.DeployAsync("bc:2");

        Assert.Equal("2", (await _serving.ScoreAsync("bc", Row(0), version: "2")).Version);
        var request = new InferenceRequest(null, [Tensor.From("Features", TensorDataType.Fp32, [1, 30], Row(0))]);
        var refused = await _serving.DataPlane.InferAsync("bc", "1", request, CancellationToken.None);
        Assert.Equal(ErrorCode.NotFound, refused.Error.Code);
        Assert.Contains("no version 1 deployed", refused.Error.Message);
    }

    [Fact]
    public async Task DataPlane_IsReadyOnlyAfterTheFirstPassAndNamesWhatAModelWaitsFor()
    {
        Assert.False(_serving.DataPlane.IsReady);
        Assert.Equal(ErrorCode.NotFound, _serving.DataPlane.IsModelReady("bc", null).Error.Code);

        await _serving.ReconcileAsync();

        Assert.True(_serving.DataPlane.IsReady);
    }

    [Fact]
    public async Task DataPlane_RefusesARequestThatDoesNotMatchTheSignatureNamingTheInput()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _serving.DeployAsync("bc");

        var request = new InferenceRequest(null, [Tensor.From("Features", TensorDataType.Fp32, [1, 29], Row(0)[..29])]);
        var refused = await _serving.DataPlane.InferAsync("bc", null, request, CancellationToken.None);

        Assert.Equal(ErrorCode.InvalidInput, refused.Error.Code);
        Assert.Contains("Features", refused.Error.Message);
    }

    [Fact]
    public async Task Batching_DeploysWithABatchingExecutorAndGivesTheSameAnswers()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _serving.DeployAsync("bc", new BatchingSettings(MaxBatchSize: 8, MaxQueueDelayMicroseconds: 1000));
        using var session = new InferenceSession(TestModels.BreastCancerOnnx);

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => _serving.ScoreAsync("bc", Row(i % 20))));

        for (var i = 0; i < 64; i++)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(Row(i % 20), [1, 30]);
            using var expected = session.Run(new RunOptions(), ["Features"], [input], ["Probability.output"]);
            Assert.Equal(expected[0].GetTensorDataAsSpan<float>()[0], answers[i].Probability, 6);
        }
        var loaded = _serving.Table.Find("bc")!.Current!;
        Assert.IsType<Capstan.Serving.Execution.BatchingExecutor>(loaded.Executor);
        Assert.Equal(64, loaded.Executor.Statistics.Requests);
    }

    [Fact]
    public async Task ExposedOutputs_ThatAMovedAliasNoLongerHas_FailTheDeploymentAndKeepTheServingVersion()
    {
        await _serving.PushAsync("bc", TestModels.BreastCancerOnnx, alias: "champion");
        await _serving.PushAsync("bc", TestModels.BreastCancerMlNet);
        (await _serving.Deployments.DeployAsync("bc", new DeploymentRequest("bc@champion", null, ["Probability.output"]), new Actor("test"), CancellationToken.None)).Value.ToString();
        await _serving.ReconcileAsync();

        await _serving.Registry.SetAliasAsync("bc", "champion", 2, new Actor("test"), CancellationToken.None);
        await _serving.ReconcileAsync();

        var deployment = (await _serving.Deployments.GetAsync("bc", CancellationToken.None)).Value;
        Assert.Equal((DeploymentState.Failed, (int?)1), (deployment.Status.State, deployment.Status.ServingVersion));
        Assert.Contains("no output 'Probability.output'", deployment.Status.Reason);
        Assert.Equal("1", (await _serving.ScoreAsync("bc", Row(0))).Version);
    }

    [Theory]
    [InlineData("Y", true)]
    [InlineData(null, false)]
    public async Task Batching_IsJudgedOnTheOutputsTheDeploymentExposes(string? exposed, bool batches)
    {
        await _serving.PushAsync("fixed", TestModels.FixedSizeOutputOnnx);

        await _serving.DeployAsync(new DeploymentRequest("fixed:1", new BatchingSettings(MaxBatchSize: 8), exposed is null ? null : [exposed]));

        var executor = _serving.Table.Find("fixed")!.Current!.Executor;
        Assert.Equal(batches, executor is BatchingExecutor);
    }
}
