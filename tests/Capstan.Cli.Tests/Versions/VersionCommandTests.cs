using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Versions;

public sealed class VersionCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Versions_PrintsATableNewestFirst()
    {
        await PushTwiceAsync();

        var output = (await SucceedAsync("versions", "bc")).Output;

        Assert.True(output.IndexOf("mlnet", StringComparison.Ordinal) < output.IndexOf("onnx", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Versions_ListsArchivedVersionsOnlyWithAll()
    {
        await PushTwiceAsync();
        await SucceedAsync("archive", "bc:1");

        var listed = await JsonAsync<ModelVersionInfo[]>("versions", "bc");
        var all = await JsonAsync<ModelVersionInfo[]>("versions", "bc", "--all");

        Assert.Equal([2], listed.Select(v => v.Version));
        Assert.Equal([(2, false), (1, true)], all.Select(v => (v.Version, v.Archived)));
    }

    [Fact]
    public async Task Show_PrintsTheSignatureMetricsAndLineage()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx, "--metric", "auc=0.97", "--data-fingerprint", "dvc:42");

        var output = (await SucceedAsync("show", "bc")).Output;

        Assert.All(["bc:1", "format: onnx", "Features: FP32 [?, 30]", "auc = 0.97", "data: dvc:42"], fact => Assert.Contains(fact, output));
    }

    [Fact]
    public async Task Show_WithJson_PrintsTheVersionTheReferenceResolvesTo()
    {
        await PushTwiceAsync();
        await SucceedAsync("alias", "set", "bc:1", "champion");

        var version = await JsonAsync<ModelVersionInfo>("show", "bc@champion");

        Assert.Equal(("bc:1", "champion"), (version.Reference, Assert.Single(version.Aliases)));
    }

    [Fact]
    public async Task Show_OfAMissingVersion_ExitsWithCode3AndTheServersDetail()
    {
        await PushTwiceAsync();

        var run = await RunAsync("show", "bc:9");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("9", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task ArchiveAndUnarchive_SayWhatTheyDid()
    {
        await PushTwiceAsync();

        var archived = await SucceedAsync("archive", "bc:2");
        var latest = await JsonAsync<ModelVersionInfo>("show", "bc");
        var unarchived = await JsonAsync<ModelVersionInfo>("unarchive", "bc:2");

        Assert.Equal("Archived bc:2.", archived.Output.Trim());
        Assert.Equal(1, latest.Version);
        Assert.False(unarchived.Archived);
        Assert.Equal("Unarchived bc:2.", (await SucceedAsync("unarchive", "bc:2")).Output.Trim());
    }

    [Fact]
    public async Task Delete_RemovesTheVersion()
    {
        await PushTwiceAsync();

        var run = await SucceedAsync("delete", "bc:1");

        Assert.Equal("Deleted bc:1.", run.Output.Trim());
        Assert.Equal(ExitCodes.NotFound, (await RunAsync("show", "bc:1")).ExitCode);
    }

    [Fact]
    public async Task Delete_OfAVersionAnAliasPointsAt_ExitsWithCode4()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx, "--alias", "champion");

        var run = await RunAsync("delete", "bc:1");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("champion", Assert.Single(run.ErrorLines));
    }

    private async Task PushTwiceAsync()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("push", "bc", TestModels.BreastCancerMlNet);
    }
}
