using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The registry's metadata: models, their immutable versions, their aliases, and their deployments.</summary>
/// <remarks>
/// Every implementation passes the same contract test suite. Each method is one transaction; implementations are
/// safe to call concurrently from many threads and, for server-based stores, from many processes. Expected failures
/// are results: <see cref="ErrorCode.NotFound"/> for a missing model, version or alias, <see cref="ErrorCode.Conflict"/>
/// for a change the current state forbids, <see cref="ErrorCode.InvalidInput"/> for a bad page token.
/// Every write appends one audit entry naming its actor in the write's own transaction, so a change that fails leaves
/// no entry and an entry always means the change happened.
/// Disposing a store releases its connections; it is not used afterwards.
/// </remarks>
public interface IRegistryStore : IDeploymentStore, IRolloutStore, IProfileStore, IKeyStore, IAuditStore, IAlertStore, IFeedbackStore, IPipelineStore, IAsyncDisposable
{
    /// <summary>Records a new version, creating the model on its first push, with the next number: gap-free and unique under concurrency.</summary>
    /// <remarks>Fails with NotFound when the parent version does not exist; setting the alias and adding the version are atomic, audited as one <c>version.push</c> by <see cref="NewModelVersion.PushedBy"/>.</remarks>
    Task<Result<ModelVersionInfo>> AddVersionAsync(NewModelVersion version, CancellationToken cancellationToken);

    /// <summary>Gets one model.</summary>
    Task<Result<ModelInfo>> GetModelAsync(ModelName name, CancellationToken cancellationToken);

    /// <summary>Lists models by name with optional filters.</summary>
    Task<Result<Page<ModelInfo>>> ListModelsAsync(ModelQuery query, CancellationToken cancellationToken);

    /// <summary>Changes a model's description or tags.</summary>
    Task<Result<ModelInfo>> UpdateModelAsync(ModelName name, ModelUpdate update, Actor actor, CancellationToken cancellationToken);

    /// <summary>Finds the version a reference names: a number (archived or not), an alias, or the latest non-archived version.</summary>
    Task<Result<ModelVersionInfo>> ResolveAsync(ModelReference reference, CancellationToken cancellationToken);

    /// <summary>Lists a model's versions, newest first.</summary>
    Task<Result<Page<ModelVersionInfo>>> ListVersionsAsync(ModelName name, VersionQuery query, CancellationToken cancellationToken);

    /// <summary>Hides a version from listings and from 'latest', or shows it again.</summary>
    Task<Result<ModelVersionInfo>> SetArchivedAsync(ModelName name, int version, bool archived, Actor actor, CancellationToken cancellationToken);

    /// <summary>Deletes a version; refused with Conflict while an alias, another version's lineage or a deployment refers to it.</summary>
    /// <returns>The deleted version, so that the caller can release its artifact if nothing else uses it.</returns>
    Task<Result<ModelVersionInfo>> DeleteVersionAsync(ModelName name, int version, Actor actor, CancellationToken cancellationToken);

    /// <summary>Points an alias at a version, creating or moving it atomically and recording the change in its history.</summary>
    Task<Result<AliasInfo>> SetAliasAsync(ModelName name, AliasName alias, int version, Actor actor, CancellationToken cancellationToken);

    /// <summary>Removes an alias, recording the removal in its history.</summary>
    Task<Result<AliasInfo>> RemoveAliasAsync(ModelName name, AliasName alias, Actor actor, CancellationToken cancellationToken);

    /// <summary>Lists a model's aliases by name.</summary>
    Task<Result<IReadOnlyList<AliasInfo>>> ListAliasesAsync(ModelName name, CancellationToken cancellationToken);

    /// <summary>Lists every change to one alias, oldest first.</summary>
    Task<Result<IReadOnlyList<AliasChange>>> GetAliasHistoryAsync(ModelName name, AliasName alias, CancellationToken cancellationToken);

    /// <summary>Whether any version, archived or not, uses the artifact with this SHA-256.</summary>
    Task<bool> IsArtifactReferencedAsync(string sha256, CancellationToken cancellationToken);
}
