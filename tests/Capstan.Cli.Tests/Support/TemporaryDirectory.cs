namespace Capstan.Cli.Tests.Support;

/// <summary>A fresh directory under the system temporary directory, deleted on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <summary>Creates the directory.</summary>
    public TemporaryDirectory() => Directory.CreateDirectory(Path);

    /// <summary>The full path of the directory.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "capstan-cli-" + Guid.NewGuid().ToString("N"));

    /// <summary>The full path of a file in the directory, written with <paramref name="content"/>.</summary>
    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
