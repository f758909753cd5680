using Capstan.Core.Errors;

namespace Capstan.Cli.Application;

/// <summary>Writes a file the CLI produces whole or not at all: into a temporary file beside it, renamed into place once complete.</summary>
internal static class WholeFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, replacing any earlier file only when writing succeeded; <paramref name="what"/> names the file in the error.</summary>
    public static async Task<Result<string>> WriteAsync(string path, string what, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
                await write(file, cancellationToken);
            File.Move(temporary, target, overwrite: true);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.InvalidInput($"Cannot write {what} to '{path}': {e.Message}");
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
