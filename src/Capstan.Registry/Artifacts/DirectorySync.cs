using System.Runtime.InteropServices;

namespace Capstan.Registry.Artifacts;

/// <summary>Flushes a directory's entries to disk, so that a rename into it survives a power failure.</summary>
/// <remarks>POSIX needs an <c>fsync</c> on the directory itself after a rename; .NET has no API for it, so this calls libc. On Windows it does nothing: NTFS journals renames.</remarks>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="directory"/>; failures are ignored because the rename itself already happened.</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
            return;
        _ = Fsync(descriptor);
        _ = Close(descriptor);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
