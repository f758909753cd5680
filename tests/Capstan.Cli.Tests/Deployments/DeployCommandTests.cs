using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Core.Serving;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Deployments;

public sealed class DeployCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Deploy_WaitsUntilTheVersionServesAndSaysSo()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx, "--alias", "champion");

        var output = (await SucceedAsync("deploy", "bc@champion")).Output;

        Assert.Contains("bc ← bc@champion: ready, serving bc:1", output);
        var deployments = await JsonAsync<Deployment[]>("deployments");
        Assert.Equal([("bc", "bc@champion", DeploymentState.Ready)], deployments.Select(d => (d.Model, d.Target, d.Status.State)));
    }

    [Fact]
    public async Task Deploy_TakesBatchingOptionsAndStatusShowsTheLoadedVersion()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);

        var deployed = await JsonAsync<Deployment>("deploy", "bc:1", "--max-batch-size", "16", "--max-queue-delay-us", "500", "--max-queue", "64");
        var status = await JsonAsync<ServerStatus>("status");

        Assert.Equal(new BatchingSettings(16, 500, 64), deployed.Batching);
        var loaded = Assert.Single(status.Models);
        Assert.Equal(("bc", 1, "ready", true, 16), (loaded.Model, loaded.Version, loaded.State, loaded.Current, loaded.MaxBatchSize));
        Assert.Contains("ready", (await SucceedAsync("status")).Output);
    }

    [Fact]
    public async Task Deploy_ExitsNonZeroWithOneLineForAReferenceThatDoesNotResolve()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);

        var run = await RunAsync("deploy", "bc:7");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal("error: Model 'bc' has no version 7.", run.Errors.Trim());
    }

    [Fact]
    public async Task Deploy_RefusesBadBatchingBeforeAnythingChanges()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);

        var run = await RunAsync("deploy", "bc:1", "--max-batch-size", "0");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("largest batch", run.Errors);
        Assert.Empty(await JsonAsync<Deployment[]>("deployments"));
    }

    [Fact]
    public async Task Undeploy_StopsServing()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("deploy", "bc");

        Assert.Contains("Undeployed bc.", (await SucceedAsync("undeploy", "bc")).Output);
        Assert.Equal(ExitCodes.NotFound, (await RunAsync("undeploy", "bc")).ExitCode);
    }

    [Fact]
    public async Task Deploy_ExposesOnlyTheListedOutputs()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);

        var deployed = await JsonAsync<Deployment>("deploy", "bc:1", "--outputs", "Probability.output, PredictedLabel.output");

        Assert.Equal(["Probability.output", "PredictedLabel.output"], deployed.Outputs);
    }
}
