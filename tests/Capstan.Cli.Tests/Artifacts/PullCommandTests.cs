using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Client.Transfers;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Artifacts;

public sealed class PullCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Pull_WritesTheVerifiedArtifactToTheGivenFile()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        var path = Files.Combine("model.onnx");

        var run = await SucceedAsync("pull", "bc", "-o", path);

        Assert.Equal(await File.ReadAllBytesAsync(TestModels.BreastCancerOnnx, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.StartsWith($"Saved bc:1 to {path} (", run.Output.Trim());
    }

    [Fact]
    public async Task Pull_WithJson_PrintsWhatWasDownloaded()
    {
        var pushed = await JsonAsync<Core.Registry.ModelVersionInfo>("push", "bc", TestModels.BreastCancerMlNet);
        var path = Files.Combine("model.zip");

        var artifact = await JsonAsync<DownloadedArtifact>("pull", "bc:1", "--output", path);

        Assert.Equal(new DownloadedArtifact("bc:1", "bc-1.zip", pushed.SizeBytes, pushed.Sha256, path), artifact);
    }

    [Fact]
    public async Task Pull_WithoutAnOutput_NamesTheFileAfterTheVersionAndFormat()
    {
        const string Name = "pull-default-name";
        await SucceedAsync("push", Name, TestModels.BreastCancerMlNet);
        var expected = Path.GetFullPath($"{Name}-1.zip");
        try
        {
            var artifact = await JsonAsync<DownloadedArtifact>("pull", Name);

            Assert.Equal(expected, artifact.Path);
            Assert.True(File.Exists(expected));
        }
        finally
        {
            File.Delete(expected);
        }
    }

    [Fact]
    public async Task Pull_OfAMissingVersion_ExitsWithCode3AndWritesNothing()
    {
        var run = await RunAsync("pull", "bc:1", "-o", Files.Combine("model.onnx"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Empty(Files.Files());
    }
}
