using System.Security.Cryptography;
using Capstan.Core.Errors;
using Capstan.Registry.Artifacts;

namespace Capstan.Registry.Tests.Artifacts;

/// <summary>The behaviour every <see cref="IArtifactStore"/> must have; one subclass per implementation.</summary>
public abstract class ArtifactStoreContract : IDisposable
{
    private readonly IArtifactStore _store;

    protected ArtifactStoreContract() => _store = CreateStore();

    protected abstract IArtifactStore CreateStore();

    public virtual void Dispose() => (_store as IDisposable)?.Dispose();

    [Fact]
    public async Task Stage_HashesAndMeasuresTheContent()
    {
        var bytes = RandomBytes(300_000, seed: 1);

        var staged = (await _store.StageAsync(new MemoryStream(bytes), 1_000_000, TestContext.Current.CancellationToken)).Value;

        Assert.Equal(bytes.Length, staged.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), staged.Sha256);
        _store.Discard(staged);
    }

    [Fact]
    public async Task Stage_RefusesContentOverTheLimitAndLeavesNothing()
    {
        var result = await _store.StageAsync(new MemoryStream(new byte[1001]), 1000, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.TooLarge, result.Error.Code);
        Assert.Empty(await ListAsync());
        AssertNoStagedFiles();
    }

    [Fact]
    public async Task Stage_RefusesEmptyContent()
    {
        var result = await _store.StageAsync(new MemoryStream(), 1000, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        AssertNoStagedFiles();
    }

    [Fact]
    public async Task StagedContent_IsInvisibleUntilCommitted()
    {
        var staged = await StageAsync(RandomBytes(1000, seed: 2));

        Assert.Equal(ErrorCode.NotFound, (await _store.OpenReadAsync(staged.Sha256, TestContext.Current.CancellationToken)).Error.Code);
        Assert.True(await _store.CommitAsync(staged, TestContext.Current.CancellationToken));
        Assert.Equal([staged.Sha256], await ListAsync());
    }

    [Fact]
    public async Task Commit_ReadsBackTheSameBytes()
    {
        var bytes = RandomBytes(2_500_000, seed: 3);
        var staged = await StageAsync(bytes);
        await _store.CommitAsync(staged, TestContext.Current.CancellationToken);

        await using var stream = (await _store.OpenReadAsync(staged.Sha256, TestContext.Current.CancellationToken)).Value;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Commit_OfContentAlreadyStoredIsANoOp()
    {
        var bytes = RandomBytes(5000, seed: 4);
        Assert.True(await _store.CommitAsync(await StageAsync(bytes), TestContext.Current.CancellationToken));

        Assert.False(await _store.CommitAsync(await StageAsync(bytes), TestContext.Current.CancellationToken));
        Assert.Single(await ListAsync());
        AssertNoStagedFiles();
    }

    [Fact]
    public async Task Commit_OfTheSameContentConcurrentlyStoresItOnce()
    {
        var bytes = RandomBytes(100_000, seed: 5);
        var staged = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => StageAsync(bytes)));

        var stored = await Task.WhenAll(staged.Select(s => _store.CommitAsync(s, TestContext.Current.CancellationToken)));

        Assert.Single(stored, s => s);
        Assert.Single(await ListAsync());
        AssertNoStagedFiles();
    }

    [Fact]
    public async Task Delete_RemovesContentAndIgnoresMissingContent()
    {
        var staged = await StageAsync(RandomBytes(10, seed: 6));
        await _store.CommitAsync(staged, TestContext.Current.CancellationToken);

        await _store.DeleteAsync(staged.Sha256, TestContext.Current.CancellationToken);
        await _store.DeleteAsync(staged.Sha256, TestContext.Current.CancellationToken);

        Assert.Empty(await ListAsync());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("")]
    public async Task OpenRead_RefusesSomethingThatIsNotADigest(string digest)
    {
        var result = await _store.OpenReadAsync(digest, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
    }

    protected abstract void AssertNoStagedFiles();

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<StagedArtifact> StageAsync(byte[] bytes) =>
        (await _store.StageAsync(new MemoryStream(bytes), 10_000_000, TestContext.Current.CancellationToken)).Value;

    private async Task<List<string>> ListAsync()
    {
        var digests = new List<string>();
        await foreach (var digest in _store.ListAsync(TestContext.Current.CancellationToken))
            digests.Add(digest);
        return digests;
    }
}
