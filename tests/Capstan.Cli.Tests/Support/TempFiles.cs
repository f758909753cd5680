using Capstan.Testing.Files;

namespace Capstan.Cli.Tests.Support;

/// <summary>Writes small text files into a <see cref="TempDirectory"/>.</summary>
public static class TempFiles
{
    /// <summary>Writes <paramref name="content"/> to the file <paramref name="name"/> in <paramref name="directory"/> and returns its path.</summary>
    public static string Write(this TempDirectory directory, string name, string content)
    {
        var path = directory.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }
}
