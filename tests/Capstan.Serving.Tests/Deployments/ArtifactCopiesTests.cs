using Capstan.Registry.Artifacts;
using Capstan.Serving.Deployments;
using Capstan.Testing.Files;

namespace Capstan.Serving.Tests.Deployments;

public sealed class ArtifactCopiesTests
{
    [Fact]
    public async Task RemovingEveryCopy_WhileRetiredCopiesAreRemovedAtTheSameTime_NeitherThrows()
    {
        using var data = new TempDirectory();
        var work = data.Combine("serving");
        var copies = new ArtifactCopies(new FileArtifactStore(data.Combine("artifacts")), work);
        for (var round = 0; round < 50; round++)
        {
            var paths = Enumerable.Range(0, 16).Select(i => WriteCopy(work, $"m-{round}-{i}")).ToList();
            using var start = new Barrier(2);
            var retiring = Task.Run(() =>
            {
                start.SignalAndWait();
                foreach (var path in paths)
                    ArtifactCopies.Remove(path);
            }, TestContext.Current.CancellationToken);
            start.SignalAndWait();
            copies.RemoveAll();
            await retiring;

            Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        }
    }

    private static string WriteCopy(string work, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        var path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }
}
