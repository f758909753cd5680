using System.Security.Cryptography;
using Capstan.Server.Security;
using Capstan.Cli.Application;
using Capstan.Cli.Git;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Push;

public sealed class PushCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Push_PrintsTheNewReference()
    {
        var run = await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);

        Assert.Equal(("bc:1", ""), (run.Output.Trim(), run.Errors));
    }

    [Fact]
    public async Task Push_WithJson_PrintsTheVersionWithEveryOptionAndTheLineage()
    {
        var card = Files.Write("card.md", "# Breast cancer");
        var data = Files.Write("train.csv", "a,b\n1,2\n");

        var version = await JsonAsync<ModelVersionInfo>("push", "bc", TestModels.BreastCancerMlNet,
            "--alias", "staging", "--metric", "auc=0.97", "--metric", "f1=0.9", "--param", "trees=100", "--tag", "team=risk",
            "--description", "First cut.", "--card", card, "--data", data);

        Assert.Equal("bc:1", version.Reference);
        Assert.Equal(["staging"], version.Aliases);
        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.97, ["f1"] = 0.9 }, version.Metrics);
        Assert.Equal(("100", "risk", "First cut.", "# Breast cancer"), (version.Params["trees"], version.Tags["team"], version.Description, version.ModelCard));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(data))), version.Lineage.DataFingerprint);
        Assert.Equal((await GitLineage.CaptureAsync(Directory.GetCurrentDirectory(), TestContext.Current.CancellationToken)).GitCommit, version.Lineage.GitCommit);
        Assert.Equal(FirstAdminKey.Name, version.PushedBy);
    }

    [Fact]
    public async Task Push_OfAFileThatIsNotAModel_ExitsWithCode2AndTheServersReason()
    {
        var run = await RunAsync("push", "bc", TestModels.RandomBytes);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Push_WithAParentReference_RecordsTheParentResolved()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx, "--alias", "champion");

        var version = await JsonAsync<ModelVersionInfo>("push", "bc", TestModels.BreastCancerOnnx, "--parent", "bc@champion");

        Assert.Equal("bc:1", version.Lineage.Parent);
    }
}
