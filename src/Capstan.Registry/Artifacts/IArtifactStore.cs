using Capstan.Core.Errors;

namespace Capstan.Registry.Artifacts;

/// <summary>Content-addressed storage for model artifacts, keyed by SHA-256.</summary>
/// <remarks>
/// Writing is two steps so that nothing is ever visible half-written: <see cref="StageAsync"/> copies an upload to
/// local temporary storage while hashing it, and <see cref="CommitAsync"/> makes it visible under its digest
/// atomically (a rename on a file system, a single PUT on object storage). The same contract suite runs against
/// every implementation. Implementations are safe to call concurrently.
/// </remarks>
public interface IArtifactStore
{
    /// <summary>Copies <paramref name="content"/> to temporary storage, failing with TooLarge once it passes <paramref name="maxBytes"/>.</summary>
    Task<Result<StagedArtifact>> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Makes a staged artifact visible under its digest; committing content that exists already is a no-op.</summary>
    /// <returns>True when this call stored new content, false when the content was there already.</returns>
    Task<bool> CommitAsync(StagedArtifact staged, CancellationToken cancellationToken);

    /// <summary>Removes a staged artifact that will not be committed; safe to call after a commit.</summary>
    void Discard(StagedArtifact staged);

    /// <summary>Opens stored content for reading, or fails with NotFound.</summary>
    Task<Result<Stream>> OpenReadAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Deletes stored content; deleting content that is not there is a no-op.</summary>
    Task DeleteAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Lists the digests of all stored content.</summary>
    IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes temporary files left behind by a process that stopped mid-upload.</summary>
    /// <returns>How many were removed.</returns>
    int RemoveAbandonedStaging();
}
