using System.Security.Cryptography;
using Capstan.Client.Tests.Support;
using Capstan.Client.Transfers;
using Capstan.Core.Errors;
using Capstan.Testing.Files;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Transfers;

public sealed class DownloadTests : LiveServerTests
{
    private readonly TempDirectory _downloads = new();

    [Fact]
    public async Task DownloadToFileAsync_WritesTheArtifactVerifiedAgainstItsDigest()
    {
        var pushed = (await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation)).Value;
        var path = _downloads.Combine("model.onnx");
        var progress = new ProgressLog();

        var downloaded = (await Client.DownloadToFileAsync("bc:1", path, progress, Cancellation)).Value;

        Assert.Equal(await File.ReadAllBytesAsync(TestModels.BreastCancerOnnx, Cancellation), await File.ReadAllBytesAsync(path, Cancellation));
        Assert.Equal(new DownloadedArtifact("bc:1", "bc-1.onnx", pushed.SizeBytes, pushed.Sha256, path), downloaded);
        Assert.Equal(pushed.SizeBytes, progress.Reports[^1]);
        Assert.Equal(["model.onnx"], _downloads.Files());
    }

    [Fact]
    public async Task DownloadAsync_ByAlias_StreamsTheVersionTheAliasPointsAt()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await Client.PushAsync("bc", TestModels.BreastCancerMlNet, new(Alias: "champion"), cancellationToken: Cancellation);
        using var destination = new MemoryStream();

        var downloaded = (await Client.DownloadAsync("bc@champion", destination, cancellationToken: Cancellation)).Value;

        Assert.Equal(("bc:2", "bc-2.zip"), (downloaded.Reference, downloaded.FileName));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(destination.ToArray())), downloaded.Sha256);
        Assert.Null(downloaded.Path);
    }

    [Fact]
    public async Task DownloadToFileAsync_OfATamperedArtifact_IsRejectedAndLeavesNoFile()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        using var tampering = new CapstanClient(new HttpClient(new TamperingHandler()), Server.BaseAddress) { ApiKey = Server.AdminKey };

        var error = (await tampering.DownloadToFileAsync("bc:1", _downloads.Combine("model.onnx"), cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Contains("bc:1 does not match its digest", error.Message);
        Assert.Empty(_downloads.Files());
    }

    [Fact]
    public async Task DownloadToFileAsync_OfATamperedArtifact_KeepsTheFileThatWasThere()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        using var tampering = new CapstanClient(new HttpClient(new TamperingHandler()), Server.BaseAddress) { ApiKey = Server.AdminKey };
        var path = _downloads.Combine("model.onnx");
        await File.WriteAllTextAsync(path, "the previous model", Cancellation);

        await tampering.DownloadToFileAsync("bc:1", path, cancellationToken: Cancellation);

        Assert.Equal("the previous model", await File.ReadAllTextAsync(path, Cancellation));
        Assert.Equal(["model.onnx"], _downloads.Files());
    }

    [Fact]
    public async Task DownloadToFileAsync_ReplacesAnExistingFileWhenTheDigestMatches()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        var path = _downloads.Combine("model.onnx");
        await File.WriteAllTextAsync(path, "the previous model", Cancellation);

        var result = await Client.DownloadToFileAsync("bc", path, cancellationToken: Cancellation);

        Assert.True(result.IsSuccess, $"{result}");
        Assert.Equal(await File.ReadAllBytesAsync(TestModels.BreastCancerOnnx, Cancellation), await File.ReadAllBytesAsync(path, Cancellation));
    }

    [Fact]
    public async Task DownloadToFileAsync_OfAMissingVersion_IsNotFoundAndLeavesNoFile()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);

        var error = (await Client.DownloadToFileAsync("bc:7", _downloads.Combine("model.onnx"), cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Empty(_downloads.Files());
    }

    [Fact]
    public async Task DownloadToFileAsync_IntoADirectoryThatDoesNotExist_IsInvalidInput()
    {
        var path = _downloads.Combine("missing", "model.onnx");

        var error = (await Client.DownloadToFileAsync("bc:1", path, cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(path, error.Message);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _downloads.Dispose();
    }
}
