using Capstan.Cli.Git;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Testing.Files;

namespace Capstan.Cli.Tests.Git;

public sealed class GitLineageTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CaptureAsync_ReadsTheCommitAndBranchOfACleanTree()
    {
        using var repository = GitRepository.InitWithCommit("feature-x");

        var lineage = await GitLineage.CaptureAsync(repository.Path, Cancellation);

        Assert.Equal(new Lineage(GitCommit: repository.Head, GitBranch: "feature-x", GitDirty: false), lineage);
    }

    [Fact]
    public async Task CaptureAsync_MarksATreeWithAChangedTrackedFileDirty()
    {
        using var repository = GitRepository.InitWithCommit();
        repository.Write("train.py", "print(2)");

        var lineage = await GitLineage.CaptureAsync(repository.Path, Cancellation);

        Assert.True(lineage.GitDirty);
    }

    [Fact]
    public async Task CaptureAsync_DoesNotCountAnUntrackedModelFileAsDirty()
    {
        using var repository = GitRepository.InitWithCommit();
        repository.Write("model.onnx", "bytes");

        var lineage = await GitLineage.CaptureAsync(repository.Path, Cancellation);

        Assert.False(lineage.GitDirty);
    }

    [Fact]
    public async Task CaptureAsync_ReadsTheRepositoryFromASubdirectory()
    {
        using var repository = GitRepository.InitWithCommit();
        var subdirectory = Directory.CreateDirectory(Path.Combine(repository.Path, "models")).FullName;

        var lineage = await GitLineage.CaptureAsync(subdirectory, Cancellation);

        Assert.Equal(repository.Head, lineage.GitCommit);
    }

    [Fact]
    public async Task CaptureAsync_GivesNoBranchOnADetachedHead()
    {
        using var repository = GitRepository.InitWithCommit();
        repository.Git("checkout", "--quiet", "--detach");

        var lineage = await GitLineage.CaptureAsync(repository.Path, Cancellation);

        Assert.Equal((repository.Head, (string?)null), (lineage.GitCommit, lineage.GitBranch));
    }

    [Fact]
    public async Task CaptureAsync_GivesNothingForARepositoryWithoutCommits()
    {
        using var repository = GitRepository.Init();

        Assert.Equal(Lineage.None, await GitLineage.CaptureAsync(repository.Path, Cancellation));
    }

    [Fact]
    public async Task CaptureAsync_GivesNothingOutsideARepository()
    {
        using var directory = new TempDirectory();

        Assert.Equal(Lineage.None, await GitLineage.CaptureAsync(directory.Path, Cancellation));
    }
}
