using Capstan.Testing.Files;

namespace Capstan.Server.Tests.Hostile;

/// <summary>A temp root holding a server's data directory and canary files around it, at the places traversal attacks aim at.</summary>
/// <remarks>A snapshot records every file outside the data directory with its content and modification time; a later check fails on any change or new file.</remarks>
public sealed class CanaryRoot : IDisposable
{
    private readonly TempDirectory _root = new();
    private Dictionary<string, (DateTime Modified, string Content)> _snapshot = [];

    public CanaryRoot()
    {
        DataDirectory = _root.Combine("data");
        Directory.CreateDirectory(DataDirectory);
        foreach (var canary in (string[])["canary.txt", "evil.txt", "outside-weights.bin", Path.Combine("etc", "passwd"), Path.Combine("models", "bc", "1", "model.onnx")])
        {
            var path = _root.Combine(canary);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"canary {canary}");
        }
        Snapshot();
    }

    /// <summary>The server's data directory, inside the root.</summary>
    public string DataDirectory { get; }

    /// <summary>The absolute path of a canary in the root, such as <c>etc/passwd</c>.</summary>
    public string Canary(string relative) => _root.Combine(relative);

    /// <summary>Records the files outside the data directory as they are now.</summary>
    public void Snapshot() => _snapshot = Outside().ToDictionary(path => path, path => (File.GetLastWriteTimeUtc(path), File.ReadAllText(path)));

    /// <summary>Asserts that no file outside the data directory was written, touched, removed or added since the snapshot.</summary>
    public void AssertUntouched()
    {
        var now = Outside().ToList();
        Assert.Equal(_snapshot.Keys.Order(), now.Order());
        foreach (var path in now)
            Assert.Equal(_snapshot[path], (File.GetLastWriteTimeUtc(path), File.ReadAllText(path)));
    }

    public void Dispose() => _root.Dispose();

    private IEnumerable<string> Outside() => Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories)
        .Where(path => !path.StartsWith(DataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
}
