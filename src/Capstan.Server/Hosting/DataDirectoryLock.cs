using Capstan.Core.Errors;

namespace Capstan.Server.Hosting;

/// <summary>An exclusive claim on a data directory, so that two servers never share one.</summary>
/// <remarks>Held as an OS file lock on <c>capstan.lock</c>; the OS releases it when the process dies, even by <c>kill -9</c>.</remarks>
public sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _lock;

    private DataDirectoryLock(FileStream lockFile) => _lock = lockFile;

    /// <summary>Creates <paramref name="directory"/> if needed and takes its lock, or fails when another process holds it.</summary>
    public static Result<DataDirectoryLock> Acquire(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, "capstan.lock");
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return Error.Conflict($"Another Capstan server is using the data directory '{directory}'.");
        }
        catch (UnauthorizedAccessException e)
        {
            return Error.InvalidInput($"The data directory '{directory}' cannot be used: {e.Message}");
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();
}
