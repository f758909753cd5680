using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Registry;

public sealed class VersionTests : LiveServerTests
{
    [Fact]
    public async Task ListVersionsAsync_ListsNewestFirstAndArchivedOnlyWhenAsked()
    {
        await PushVersionsAsync(3);
        await Client.ArchiveAsync("bc:2", Cancellation);

        var listed = (await Client.ListVersionsAsync("bc", cancellationToken: Cancellation)).Value;
        var all = (await Client.ListVersionsAsync("bc", includeArchived: true, cancellationToken: Cancellation)).Value;

        Assert.Equal([3, 1], listed.Items.Select(v => v.Version));
        Assert.Equal([3, 2, 1], all.Items.Select(v => v.Version));
    }

    [Fact]
    public async Task ListAllVersionsAsync_WalksEveryPage()
    {
        await PushVersionsAsync(3);

        var versions = new List<int>();
        await foreach (var version in Client.ListAllVersionsAsync("bc", pageSize: 1, cancellationToken: Cancellation))
            versions.Add(version.Value.Version);

        Assert.Equal([3, 2, 1], versions);
    }

    [Fact]
    public async Task GetVersionAsync_AcceptsAParsedReference()
    {
        await PushVersionsAsync(2);

        var version = (await Client.GetVersionAsync(ModelReference.ToVersion(ModelName.Parse("bc").Value, 1), Cancellation)).Value;

        Assert.Equal("bc:1", version.Reference);
    }

    [Fact]
    public async Task ArchiveAsync_TakesTheVersionOutOfLatestUntilUnarchived()
    {
        await PushVersionsAsync(2);

        var archived = (await Client.ArchiveAsync("bc:2", Cancellation)).Value;
        var latestWhileArchived = (await Client.GetVersionAsync("bc", Cancellation)).Value;
        var unarchived = (await Client.UnarchiveAsync("bc:2", Cancellation)).Value;
        var latestAfter = (await Client.GetVersionAsync("bc", Cancellation)).Value;

        Assert.Equal((true, 1, false, 2), (archived.Archived, latestWhileArchived.Version, unarchived.Archived, latestAfter.Version));
    }

    [Fact]
    public async Task DeleteVersionAsync_ReturnsTheVersionAsItWasAndRemovesIt()
    {
        await PushVersionsAsync(2);

        var deleted = (await Client.DeleteVersionAsync("bc:1", Cancellation)).Value;

        Assert.Equal("bc:1", deleted.Reference);
        Assert.Equal(ErrorCode.NotFound, (await Client.GetVersionAsync("bc:1", Cancellation)).Error.Code);
    }

    [Fact]
    public async Task DeleteVersionAsync_OfAVersionAnAliasPointsAt_IsAConflict()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, new(Alias: "champion"), cancellationToken: Cancellation);

        var error = (await Client.DeleteVersionAsync("bc:1", Cancellation)).Error;

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Contains("champion", error.Message);
    }

    [Fact]
    public async Task GetVersionAsync_OfAMissingVersion_IsNotFoundWithTheServersDetail()
    {
        await PushVersionsAsync(1);

        var error = (await Client.GetVersionAsync("bc:9", Cancellation)).Error;

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Contains("9", error.Message);
    }

    private async Task PushVersionsAsync(int count)
    {
        for (var i = 0; i < count; i++)
            Assert.True((await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation)).IsSuccess);
    }
}
