using System.Security.Cryptography;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Registry.Artifacts;

namespace Capstan.Serving.Deployments;

/// <summary>Copies a version's artifact into a fresh private folder for a runtime to load, checking its SHA-256 on the way.</summary>
/// <remarks>
/// Each loaded version gets a folder of its own holding only its artifact, so that nothing a model names (ONNX
/// external data) can reach another file, and a corrupt or tampered artifact is refused before any runtime sees it.
/// </remarks>
/// <param name="artifacts">Where artifacts are stored.</param>
/// <param name="workDirectory">The folder under which the copies live.</param>
public sealed class ArtifactCopies(IArtifactStore artifacts, string workDirectory)
{
    /// <summary>Copies the artifact of <paramref name="version"/> and returns the copy's path.</summary>
    public async Task<Result<string>> CopyAsync(ModelVersionInfo version, CancellationToken cancellationToken)
    {
        if (!(await artifacts.OpenReadAsync(version.Sha256, cancellationToken)).TryGetValue(out var content, out var error))
            return Error.Internal($"The artifact of {version.Reference} is missing: {error.Message}");
        var folder = Path.Combine(workDirectory, $"{version.Model}-{version.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, version.Format == ModelFormat.Onnx ? "model.onnx" : "model.zip");
        string digest;
        await using (content)
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        if (digest == version.Sha256)
            return path;
        Remove(path);
        return Error.Internal($"The artifact of {version.Reference} is corrupt: its SHA-256 is {digest}, not {version.Sha256}.");
    }

    /// <summary>Deletes the private folder of a copy made by <see cref="CopyAsync"/>; one already gone is fine.</summary>
    public static void Remove(string path) => DeleteFolder(Path.GetDirectoryName(path)!);

    /// <summary>Deletes every copy left by an earlier process; call before loading anything.</summary>
    /// <remarks>Copies being retired at the same time may vanish under it, which is fine.</remarks>
    public void RemoveAll()
    {
        Directory.CreateDirectory(workDirectory);
        foreach (var folder in Directory.EnumerateDirectories(workDirectory))
            DeleteFolder(folder);
        foreach (var file in Directory.EnumerateFiles(workDirectory))
            File.Delete(file);
    }

    /// <summary>Deletes a folder and everything in it, tolerating parts of it (or all of it) being deleted by another thread meanwhile.</summary>
    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            if (Directory.Exists(folder))
                DeleteFolder(folder);
        }
    }
}
