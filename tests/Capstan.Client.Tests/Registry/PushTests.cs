using System.Security.Cryptography;
using Capstan.Server.Security;
using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Registry;

public sealed class PushTests : LiveServerTests
{
    [Fact]
    public async Task PushAsync_FromAFile_RecordsTheArtifactAndEveryPieceOfMetadata()
    {
        var path = TestModels.BreastCancerOnnx;
        var metadata = new PushMetadata(
            Alias: "staging",
            Metrics: new Dictionary<string, double> { ["auc"] = 0.97 },
            Params: new Dictionary<string, string> { ["trees"] = "100" },
            Tags: new Dictionary<string, string> { ["team"] = "risk" },
            Description: "First cut.",
            ModelCard: "# Breast cancer",
            Lineage: new Lineage("abc1234", "main", false, "sha256:ff"),
            PushedBy: "bob");

        var version = (await Client.PushAsync("bc", path, metadata, cancellationToken: Cancellation)).Value;

        Assert.Equal(("bc", 1, ModelFormat.Onnx), (version.Model, version.Version, version.Format));
        Assert.Equal((new FileInfo(path).Length, Sha256Of(path)), (version.SizeBytes, version.Sha256));
        Assert.Equal(new TensorSpec("Features", TensorDataType.Fp32, [-1, 30]), Assert.Single(version.Signature.Inputs));
        Assert.Equal((0.97, "100", "risk"), (version.Metrics["auc"], version.Params["trees"], version.Tags["team"]));
        Assert.Equal(("First cut.", "# Breast cancer", FirstAdminKey.Name), (version.Description, version.ModelCard, version.PushedBy));
        Assert.Equal(metadata.Lineage, version.Lineage);
        Assert.Equal(["staging"], version.Aliases);
    }

    [Fact]
    public async Task PushAsync_ReportsTheBytesSentUpToTheFileSize()
    {
        var progress = new ProgressLog();

        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, progress: progress, cancellationToken: Cancellation);

        Assert.Equal(new FileInfo(TestModels.BreastCancerOnnx).Length, progress.Reports[^1]);
        Assert.Equal(progress.Reports.Order(), progress.Reports);
    }

    [Fact]
    public async Task PushAsync_FromAStream_RecordsAnMlNetModel()
    {
        await using var stream = File.OpenRead(TestModels.BreastCancerMlNet);

        var version = (await Client.PushAsync("bc-mlnet", stream, "model.zip", cancellationToken: Cancellation)).Value;

        Assert.Equal((ModelFormat.MlNet, Sha256Of(TestModels.BreastCancerMlNet)), (version.Format, version.Sha256));
    }

    [Fact]
    public async Task PushAsync_NumbersVersionsOneAfterAnother()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);

        var second = (await Client.PushAsync("bc", TestModels.BreastCancerMlNet, cancellationToken: Cancellation)).Value;

        Assert.Equal("bc:2", second.Reference);
    }

    [Fact]
    public async Task PushAsync_RecordsTheAuthenticatedKeyNotTheClientsUserLabel()
    {
        var version = (await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation)).Value;

        Assert.Equal(FirstAdminKey.Name, version.PushedBy);
    }

    [Fact]
    public async Task PushAsync_OfAFileThatIsNotAModel_IsInvalidInputWithTheServersReason()
    {
        var error = (await Client.PushAsync("bc", TestModels.RandomBytes, cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.NotEmpty(error.Message);
        Assert.Equal(ErrorCode.NotFound, (await Client.GetModelAsync("bc", Cancellation)).Error.Code);
    }

    [Fact]
    public async Task PushAsync_WithAnAliasTheServerRefuses_LeavesNothingBehind()
    {
        var metadata = new PushMetadata(Metrics: new Dictionary<string, double> { ["bad key"] = 1 });

        var error = (await Client.PushAsync("bc", TestModels.BreastCancerOnnx, metadata, cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Equal(ErrorCode.NotFound, (await Client.GetModelAsync("bc", Cancellation)).Error.Code);
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
