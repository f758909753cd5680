namespace Capstan.Testing.Files;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a new, empty directory.</summary>
    public TempDirectory() => Directory.CreateDirectory(Path);

    /// <summary>The full path of the directory.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "capstan-test-" + Guid.NewGuid().ToString("N"));

    /// <summary>A path inside the directory.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Every file under the directory, as paths relative to it.</summary>
    public IReadOnlyList<string> Files(string subdirectory = "") =>
        Directory.Exists(Combine(subdirectory))
            ? Directory.EnumerateFiles(Combine(subdirectory), "*", SearchOption.AllDirectories).Select(f => System.IO.Path.GetRelativePath(Path, f)).Order().ToList()
            : [];

    /// <summary>Deletes the directory.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
