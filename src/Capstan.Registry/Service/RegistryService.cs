using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Signatures;
using Capstan.Registry.Artifacts;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Service;

/// <summary>The registry's operations for every front end: push, resolve, download, archive, delete and aliases.</summary>
/// <remarks>
/// A push is checked in full before anything becomes visible: the name and metadata before the artifact is read, the
/// artifact's size and content while it is staged, then the store records the version. Committing an artifact and
/// recording or deleting the versions that use it are serialized in this process, so content shared by two versions is
/// never deleted while one of them is being recorded. Every change that can move what a deployment serves (a new
/// latest version, an archive, an alias) signals <see cref="ChangeSignal"/>. Thread-safe.
/// </remarks>
public sealed class RegistryService(IRegistryStore store, IArtifactStore artifacts, IModelInspector inspector, RegistryOptions options, ChangeSignal changes)
{
    private readonly SemaphoreSlim _artifactGate = new(1, 1);

    /// <summary>The metadata store behind this service, for reads that need no orchestration.</summary>
    public IRegistryStore Store => store;

    /// <summary>Stages, inspects and records a new version whose name and metadata already passed <see cref="PushRules"/>.</summary>
    public async Task<Result<ModelVersionInfo>> PushAsync(PushRequest request, Stream artifact, CancellationToken cancellationToken)
    {
        if (!(await artifacts.StageAsync(artifact, options.MaxArtifactBytes, cancellationToken)).TryGetValue(out var staged, out var error))
            return error;
        try
        {
            if (!(await inspector.InspectAsync(staged.LocalPath, cancellationToken)).TryGetValue(out var inspection, out error))
                return error;
            (ModelName, int)? parent = null;
            if (request.Parent is { } parentReference)
            {
                if (!(await store.ResolveAsync(parentReference, cancellationToken)).TryGetValue(out var parentVersion, out error))
                    return Error.NotFound($"The parent {parentReference} does not exist: {error.Message}");
                parent = (ModelName.Parse(parentVersion.Model).Value, parentVersion.Version);
            }
            var version = new NewModelVersion(
                request.Name, inspection.Format, staged.SizeBytes, staged.Sha256, inspection.Signature,
                request.Metadata.Metrics!, request.Metadata.Params!, request.Metadata.Tags!,
                request.Metadata.Description, request.Metadata.ModelCard, request.Metadata.Lineage!, parent,
                request.PushedBy, request.Alias);
            return Notified(await RecordAsync(staged, version, cancellationToken));
        }
        finally
        {
            artifacts.Discard(staged);
        }
    }

    /// <summary>Finds the version a reference names.</summary>
    public Task<Result<ModelVersionInfo>> ResolveAsync(string? reference, CancellationToken cancellationToken) =>
        ModelReference.Parse(reference).TryGetValue(out var parsed, out var error)
            ? store.ResolveAsync(parsed, cancellationToken)
            : Task.FromResult<Result<ModelVersionInfo>>(error);

    /// <summary>Opens the artifact of the version a reference names, with that version's record.</summary>
    public async Task<Result<(ModelVersionInfo Version, Stream Content)>> OpenArtifactAsync(string? reference, CancellationToken cancellationToken)
    {
        if (!(await ResolveAsync(reference, cancellationToken)).TryGetValue(out var version, out var error))
            return error;
        if (!(await artifacts.OpenReadAsync(version.Sha256, cancellationToken)).TryGetValue(out var content, out error))
            return Error.Internal($"The artifact of {version.Reference} is missing from the artifact store.");
        return (version, content);
    }

    /// <summary>Archives or restores the version a reference names.</summary>
    public async Task<Result<ModelVersionInfo>> SetArchivedAsync(string? reference, bool archived, Actor actor, CancellationToken cancellationToken)
    {
        if (!(await ResolveAsync(reference, cancellationToken)).TryGetValue(out var version, out var error))
            return error;
        return Notified(await store.SetArchivedAsync(ModelName.Parse(version.Model).Value, version.Version, archived, actor, cancellationToken));
    }

    /// <summary>Deletes the version an exact <c>name:N</c> reference names, and its artifact when no other version uses it.</summary>
    public async Task<Result<ModelVersionInfo>> DeleteAsync(string? reference, Actor actor, CancellationToken cancellationToken)
    {
        if (!ModelReference.Parse(reference).TryGetValue(out var parsed, out var error))
            return error;
        if (parsed.Version is not { } number)
            return Error.InvalidInput($"Deleting needs an exact version such as '{parsed.Name}:3', not '{parsed}'.");
        await _artifactGate.WaitAsync(cancellationToken);
        try
        {
            if (!(await store.DeleteVersionAsync(parsed.Name, number, actor, cancellationToken)).TryGetValue(out var deleted, out error))
                return error;
            if (!await store.IsArtifactReferencedAsync(deleted.Sha256, CancellationToken.None))
                await artifacts.DeleteAsync(deleted.Sha256, CancellationToken.None);
            return deleted;
        }
        finally
        {
            _artifactGate.Release();
        }
    }

    /// <summary>Points an alias of a model at one of its versions.</summary>
    public Task<Result<AliasInfo>> SetAliasAsync(string? name, string? alias, int version, Actor actor, CancellationToken cancellationToken) =>
        WithNameAndAlias(name, alias, async (n, a) => Notified(await store.SetAliasAsync(n, a, version, actor, cancellationToken)));

    /// <summary>Removes an alias of a model.</summary>
    public Task<Result<AliasInfo>> RemoveAliasAsync(string? name, string? alias, Actor actor, CancellationToken cancellationToken) =>
        WithNameAndAlias(name, alias, async (n, a) => Notified(await store.RemoveAliasAsync(n, a, actor, cancellationToken)));

    /// <summary>Lists every change to one alias, oldest first.</summary>
    public Task<Result<IReadOnlyList<AliasChange>>> GetAliasHistoryAsync(string? name, string? alias, CancellationToken cancellationToken) =>
        WithNameAndAlias(name, alias, (n, a) => store.GetAliasHistoryAsync(n, a, cancellationToken));

    /// <summary>Removes artifacts that no version uses, left by a process that stopped between storing an artifact and recording its version.</summary>
    /// <remarks>Call at start, before serving, while this process is the only writer of the artifact store.</remarks>
    /// <returns>How many artifacts were removed.</returns>
    public async Task<int> RemoveOrphanedArtifactsAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        await foreach (var digest in artifacts.ListAsync(cancellationToken))
        {
            if (await store.IsArtifactReferencedAsync(digest, cancellationToken))
                continue;
            await artifacts.DeleteAsync(digest, cancellationToken);
            removed++;
        }
        return removed;
    }

    private Result<T> Notified<T>(Result<T> result)
    {
        if (result.IsSuccess)
            changes.Notify();
        return result;
    }

    private async Task<Result<ModelVersionInfo>> RecordAsync(StagedArtifact staged, NewModelVersion version, CancellationToken cancellationToken)
    {
        await _artifactGate.WaitAsync(cancellationToken);
        try
        {
            var stored = await artifacts.CommitAsync(staged, cancellationToken);
            var recorded = await store.AddVersionAsync(version, cancellationToken);
            if (!recorded.IsSuccess && stored && !await store.IsArtifactReferencedAsync(staged.Sha256, CancellationToken.None))
                await artifacts.DeleteAsync(staged.Sha256, CancellationToken.None);
            return recorded;
        }
        finally
        {
            _artifactGate.Release();
        }
    }

    private static async Task<Result<T>> WithNameAndAlias<T>(string? name, string? alias, Func<ModelName, AliasName, Task<Result<T>>> action)
    {
        if (!ModelName.Parse(name).TryGetValue(out var modelName, out var error))
            return error;
        if (!AliasName.Parse(alias).TryGetValue(out var aliasName, out error))
            return error;
        return await action(modelName, aliasName);
    }
}
