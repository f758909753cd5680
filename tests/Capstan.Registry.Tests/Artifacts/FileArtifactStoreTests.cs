using Capstan.Registry.Artifacts;
using Capstan.Testing.Files;

namespace Capstan.Registry.Tests.Artifacts;

public sealed class FileArtifactStoreTests : ArtifactStoreContract
{
    private TempDirectory? _root;

    private TempDirectory Root => _root ??= new TempDirectory();

    protected override IArtifactStore CreateStore() => new FileArtifactStore(Root.Path);

    public override void Dispose()
    {
        base.Dispose();
        Root.Dispose();
    }

    protected override void AssertNoStagedFiles() => Assert.DoesNotContain(Root.Files("staging"), f => f.EndsWith(".partial"));

    [Fact]
    public void RemoveAbandonedStaging_RemovesDeadInstancesOnlyAndSparesLiveOnes()
    {
        using var live = new FileArtifactStore(Root.Path);
        Directory.CreateDirectory(Root.Combine("staging", "dead"));
        File.WriteAllText(Root.Combine("staging", "dead", "upload.partial"), "half");
        File.WriteAllText(Root.Combine("staging", "dead.lock"), "");
        using var survivor = new FileArtifactStore(Root.Path);

        var removed = survivor.RemoveAbandonedStaging();

        Assert.Equal(1, removed);
        Assert.False(Directory.Exists(Root.Combine("staging", "dead")));
        Assert.Equal(3, Directory.GetDirectories(Root.Combine("staging")).Length);
    }

    [Fact]
    public async Task Content_LivesUnderItsDigestSoNamesNeverReachThePath()
    {
        using var store = new FileArtifactStore(Root.Path);
        var staged = (await store.StageAsync(new MemoryStream([1, 2, 3]), 10, TestContext.Current.CancellationToken)).Value;

        await store.CommitAsync(staged, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Root.Combine("sha256", staged.Sha256[..2], staged.Sha256)));
    }

    [Fact]
    public void Dispose_RemovesTheInstanceStagingFolder()
    {
        var store = new FileArtifactStore(Root.Path);
        var before = Directory.GetDirectories(Root.Combine("staging")).Length;

        store.Dispose();

        Assert.Equal(before - 1, Directory.GetDirectories(Root.Combine("staging")).Length);
    }
}
