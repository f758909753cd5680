using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Capstan.Core.Errors;

namespace Capstan.Registry.Artifacts;

/// <summary>Stores artifacts as files named by their SHA-256 under a root directory.</summary>
/// <remarks>
/// Layout: <c>sha256/ab/abcdef…</c> for content and <c>staging/&lt;instance&gt;/</c> for uploads in progress. Each
/// instance holds an exclusive lock on <c>staging/&lt;instance&gt;.lock</c> while it lives, so
/// <see cref="RemoveAbandonedStaging"/> removes only the staging folders of processes that have died. A staged file is
/// flushed to disk before it is renamed into place, and the folder is flushed after, so content that is visible is
/// complete and survives a crash. Thread-safe.
/// </remarks>
public sealed class FileArtifactStore : IArtifactStore, IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly string _contentRoot;
    private readonly string _stagingRoot;
    private readonly string _instanceStaging;
    private readonly FileStream _instanceLock;

    /// <summary>Opens (creating if needed) the store under <paramref name="root"/>.</summary>
    public FileArtifactStore(string root)
    {
        _contentRoot = Path.Combine(Path.GetFullPath(root), "sha256");
        _stagingRoot = Path.Combine(Path.GetFullPath(root), "staging");
        var instance = Guid.NewGuid().ToString("N");
        _instanceStaging = Path.Combine(_stagingRoot, instance);
        Directory.CreateDirectory(_contentRoot);
        Directory.CreateDirectory(_instanceStaging);
        _instanceLock = new FileStream(_instanceStaging + ".lock", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    /// <inheritdoc />
    public async Task<Result<StagedArtifact>> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_instanceStaging, Guid.NewGuid().ToString("N") + ".partial");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var committed = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                        return Error.TooLarge($"The artifact is larger than the limit of {maxBytes} bytes.");
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                file.Flush(flushToDisk: true);
            }
            if (total == 0)
                return Error.InvalidInput("The artifact is empty.");
            committed = true;
            return new StagedArtifact(path, total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!committed)
                File.Delete(path);
        }
    }

    /// <inheritdoc />
    public Task<bool> CommitAsync(StagedArtifact staged, CancellationToken cancellationToken)
    {
        var target = ContentPath(staged.Sha256);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        if (File.Exists(target))
        {
            File.Delete(staged.LocalPath);
            return Task.FromResult(false);
        }
        try
        {
            File.Move(staged.LocalPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(staged.LocalPath);
            return Task.FromResult(false);
        }
        DirectorySync.Flush(folder);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public void Discard(StagedArtifact staged) => File.Delete(staged.LocalPath);

    /// <inheritdoc />
    public Task<Result<Stream>> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!IsDigest(sha256))
            return Task.FromResult<Result<Stream>>(Error.InvalidInput($"'{sha256}' is not a SHA-256 digest."));
        try
        {
            Stream stream = new FileStream(ContentPath(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Result<Stream>>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Result<Stream>>(Error.NotFound($"The artifact {sha256} is not in the store."));
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        if (IsDigest(sha256))
            File.Delete(ContentPath(sha256));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(_contentRoot, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(file);
            if (IsDigest(name))
                yield return name;
        }
        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public int RemoveAbandonedStaging()
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(_stagingRoot))
        {
            if (folder == _instanceStaging || !TryTakeOverLock(folder + ".lock", out var owner))
                continue;
            using (owner)
            {
                removed += Directory.EnumerateFiles(folder).Count();
                Directory.Delete(folder, recursive: true);
            }
            File.Delete(folder + ".lock");
        }
        return removed;
    }

    /// <summary>Releases this instance's staging lock and removes its staging folder.</summary>
    public void Dispose()
    {
        _instanceLock.Dispose();
        if (Directory.Exists(_instanceStaging))
            Directory.Delete(_instanceStaging, recursive: true);
        File.Delete(_instanceStaging + ".lock");
    }

    private static bool TryTakeOverLock(string lockPath, out FileStream? owner)
    {
        try
        {
            owner = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            owner = null;
            return false;
        }
    }

    private static bool IsDigest(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    private string ContentPath(string sha256) => Path.Combine(_contentRoot, sha256[..2], sha256);
}
