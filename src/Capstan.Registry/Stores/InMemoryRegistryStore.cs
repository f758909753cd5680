using Capstan.Core.Errors;
using Capstan.Core.Naming;
using System.Runtime.CompilerServices;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;
using Capstan.Registry.Audit;

namespace Capstan.Registry.Stores;

/// <summary>A registry store that keeps everything in memory, for tests; it behaves like the durable stores.</summary>
/// <remarks>
/// It passes the same contract suite as the SQLite and PostgreSQL stores. Every call runs under one lock, so calls are
/// atomic and safe from many threads; each write appends its audit entry under the same lock. Nothing outlives the instance.
/// </remarks>
public sealed partial class InMemoryRegistryStore : IRegistryStore
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, ModelState> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredApiKey> _keys = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];

    /// <summary>Creates an empty store that reads timestamps from <paramref name="time"/>.</summary>
    public InMemoryRegistryStore(TimeProvider time) => _time = time;

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> AddVersionAsync(NewModelVersion version, CancellationToken cancellationToken) =>
        Locked<ModelVersionInfo>(() =>
        {
            if (version.Parent is { } parent && Find(parent.Name.Value, parent.Version) is null)
                return StoreErrors.ParentNotFound(parent.Name.Value, parent.Version);
            var now = StoreClock.Now(_time);
            var name = version.Name.Value;
            if (!_models.TryGetValue(name, out var model))
                _models.Add(name, model = new ModelState(name, now));
            var number = ++model.LastVersion;
            model.UpdatedAt = now;
            model.Versions.Add(number, new ModelVersionInfo(
                name, number, version.Format, version.SizeBytes, version.Sha256, version.Signature,
                new Dictionary<string, double>(version.Metrics), new Dictionary<string, string>(version.Params),
                new Dictionary<string, string>(version.Tags), version.Description, version.ModelCard,
                version.Lineage with { Parent = version.Parent is { } p ? $"{p.Name}:{p.Version}" : null },
                version.PushedBy.Name, now, Archived: false, Aliases: []));
            if (version.Alias is { } alias)
                model.PointAlias(alias.Value, number, version.PushedBy.Name, now);
            return Audited(model.Version(number), version.PushedBy, now, AuditEvents.Pushed);
        });

    /// <inheritdoc />
    public Task<Result<ModelInfo>> GetModelAsync(ModelName name, CancellationToken cancellationToken) =>
        Locked<ModelInfo>(() => _models.TryGetValue(name.Value, out var model) ? model.Info() : StoreErrors.ModelNotFound(name.Value));

    /// <inheritdoc />
    public Task<Result<Page<ModelInfo>>> ListModelsAsync(ModelQuery query, CancellationToken cancellationToken) =>
        Locked<Page<ModelInfo>>(() =>
        {
            if (!Listing.ModelsAfter(query).TryGetValue(out var after, out var error)
                || !Listing.CheckPrefix(query.NamePrefix).TryGetValue(out var prefix, out error))
                return error;
            var fetched = _models.Values
                .Where(m => after is null || string.CompareOrdinal(m.Name, after) > 0)
                .Where(m => prefix is null || m.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Where(m => query.Tag is not { } tag
                    || (m.Tags.TryGetValue(tag.Key, out var actual) && (tag.Value is null || actual == tag.Value)))
                .Take(query.PageSize + 1)
                .Select(m => m.Info())
                .ToList();
            return Listing.ModelPage(fetched, query.PageSize);
        });

    /// <inheritdoc />
    public Task<Result<ModelInfo>> UpdateModelAsync(ModelName name, ModelUpdate update, Actor actor, CancellationToken cancellationToken) =>
        Locked<ModelInfo>(() =>
        {
            if (!_models.TryGetValue(name.Value, out var model))
                return StoreErrors.ModelNotFound(name.Value);
            var before = model.Info();
            model.Description = update.Description ?? model.Description;
            model.Tags = update.Tags is null ? model.Tags : new Dictionary<string, string>(update.Tags);
            model.UpdatedAt = StoreClock.Now(_time);
            return Audited(model.Info(), actor, model.UpdatedAt, after => AuditEvents.ModelUpdated(before, after));
        });

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> ResolveAsync(ModelReference reference, CancellationToken cancellationToken) =>
        Locked<ModelVersionInfo>(() =>
        {
            var name = reference.Name.Value;
            if (!_models.TryGetValue(name, out var model))
                return StoreErrors.ModelNotFound(name);
            if (reference.Version is { } number)
                return model.Versions.ContainsKey(number) ? model.Version(number) : StoreErrors.VersionNotFound(name, number);
            if (reference.Alias is { } alias)
                return model.Aliases.TryGetValue(alias.Value, out var target)
                    ? model.Version(target.Version)
                    : StoreErrors.AliasNotFound(name, alias.Value);
            var latest = model.Versions.Values.LastOrDefault(v => !v.Archived);
            return latest is null ? StoreErrors.NoLatestVersion(name) : model.Version(latest.Version);
        });

    /// <inheritdoc />
    public Task<Result<Page<ModelVersionInfo>>> ListVersionsAsync(ModelName name, VersionQuery query, CancellationToken cancellationToken) =>
        Locked<Page<ModelVersionInfo>>(() =>
        {
            if (!Listing.VersionsBefore(query).TryGetValue(out var before, out var error))
                return error;
            if (!_models.TryGetValue(name.Value, out var model))
                return StoreErrors.ModelNotFound(name.Value);
            var fetched = model.Versions.Values.Reverse()
                .Where(v => (before is null || v.Version < before) && (query.IncludeArchived || !v.Archived))
                .Take(query.PageSize + 1)
                .Select(v => model.Version(v.Version))
                .ToList();
            return Listing.VersionPage(fetched, query.PageSize);
        });

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> SetArchivedAsync(ModelName name, int version, bool archived, Actor actor, CancellationToken cancellationToken) =>
        Locked<ModelVersionInfo>(() =>
        {
            if (Find(name.Value, version) is not { } found)
                return FindError(name.Value, version);
            var before = found.Model.Version(version);
            found.Model.Versions[version] = found.Version with { Archived = archived };
            found.Model.UpdatedAt = StoreClock.Now(_time);
            return Audited(found.Model.Version(version), actor, found.Model.UpdatedAt, after => AuditEvents.Archived(before, after));
        });

    /// <inheritdoc />
    public Task<Result<ModelVersionInfo>> DeleteVersionAsync(ModelName name, int version, Actor actor, CancellationToken cancellationToken) =>
        Locked<ModelVersionInfo>(() =>
        {
            if (Find(name.Value, version) is not { } found)
                return FindError(name.Value, version);
            var deleted = found.Model.Version(version);
            if (deleted.Aliases.Count > 0)
                return StoreErrors.DeleteAliased(name.Value, version, deleted.Aliases);
            if (found.Model.Deployment is { } deployment && DeploymentRules.BlocksDelete(deployment, version) is { } deployed)
                return deployed;
            var children = _models.Values
                .SelectMany(m => m.Versions.Values)
                .Where(v => v.Lineage.Parent == deleted.Reference)
                .Select(v => v.Reference)
                .ToList();
            if (children.Count > 0)
                return StoreErrors.DeleteParent(name.Value, version, children);
            found.Model.Versions.Remove(version);
            found.Model.UpdatedAt = StoreClock.Now(_time);
            return Audited(deleted, actor, found.Model.UpdatedAt, AuditEvents.Deleted);
        });

    /// <inheritdoc />
    public Task<Result<AliasInfo>> SetAliasAsync(ModelName name, AliasName alias, int version, Actor actor, CancellationToken cancellationToken) =>
        Locked<AliasInfo>(() =>
        {
            if (Find(name.Value, version) is not { } found)
                return FindError(name.Value, version);
            var now = StoreClock.Now(_time);
            found.Model.UpdatedAt = now;
            var before = found.Model.Aliases.GetValueOrDefault(alias.Value);
            return Audited(found.Model.PointAlias(alias.Value, version, actor.Name, now), actor, now, after => AuditEvents.AliasSet(before, after));
        });

    /// <inheritdoc />
    public Task<Result<AliasInfo>> RemoveAliasAsync(ModelName name, AliasName alias, Actor actor, CancellationToken cancellationToken) =>
        Locked<AliasInfo>(() =>
        {
            if (!_models.TryGetValue(name.Value, out var model))
                return StoreErrors.ModelNotFound(name.Value);
            if (!model.Aliases.Remove(alias.Value, out var removed))
                return StoreErrors.AliasNotFound(name.Value, alias.Value);
            var now = StoreClock.Now(_time);
            model.UpdatedAt = now;
            model.History.Add(new AliasChange(name.Value, alias.Value, null, removed.Version, now, actor.Name));
            return Audited(removed, actor, now, AuditEvents.AliasRemoved);
        });

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<AliasInfo>>> ListAliasesAsync(ModelName name, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<AliasInfo>>(() =>
            _models.TryGetValue(name.Value, out var model) ? model.Aliases.Values.ToList() : StoreErrors.ModelNotFound(name.Value));

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<AliasChange>>> GetAliasHistoryAsync(ModelName name, AliasName alias, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<AliasChange>>(() =>
        {
            if (!_models.TryGetValue(name.Value, out var model))
                return StoreErrors.ModelNotFound(name.Value);
            var history = model.History.Where(c => c.Alias == alias.Value).ToList();
            return history.Count > 0 ? history : StoreErrors.AliasNeverSet(name.Value, alias.Value);
        });

    /// <inheritdoc />
    public Task<bool> IsArtifactReferencedAsync(string sha256, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_models.Values.Any(m => m.Versions.Values.Any(v => v.Sha256 == sha256)));
    }

    /// <inheritdoc />
    public Task<Result<Deployment>> SetDeploymentAsync(
        ModelName name, DeploymentSpec spec, string? reason, Actor actor, CancellationToken cancellationToken) =>
        Locked<Deployment>(() => _models.TryGetValue(name.Value, out var model)
            ? SetDeployment(model, name, spec, reason, actor, StoreClock.Now(_time))
            : StoreErrors.ModelNotFound(name.Value));

    /// <inheritdoc />
    public Task<Result<Rollout>> GetRolloutAsync(ModelName name, CancellationToken cancellationToken) =>
        Locked<Rollout>(() =>
            !_models.TryGetValue(name.Value, out var model) ? StoreErrors.ModelNotFound(name.Value)
            : model.Rollout is { } rollout ? rollout
            : StoreErrors.NoRollout(name.Value));

    /// <inheritdoc />
    public Task<IReadOnlyList<Rollout>> ListActiveRolloutsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<Rollout>>(_models.Values.Select(m => m.Rollout).Where(r => r is { Active: true }).OfType<Rollout>().ToList());
    }

    /// <inheritdoc />
    public Task<Result<Rollout>> SaveRolloutAsync(
        Rollout rollout, long expectedRevision, DeploymentSpec? traffic, string? reason, Actor actor, CancellationToken cancellationToken) =>
        Locked<Rollout>(() =>
        {
            if (!_models.TryGetValue(rollout.Model, out var model))
                return StoreErrors.ModelNotFound(rollout.Model);
            var before = model.Rollout;
            if ((before?.Revision ?? 0) != expectedRevision)
                return StoreErrors.StaleRollout(rollout.Model, expectedRevision, before?.Revision ?? 0);
            var now = StoreClock.Now(_time);
            long? deploymentRevision = null;
            if (traffic is not null)
            {
                if (!SetDeployment(model, ModelName.Parse(rollout.Model).Value, traffic, reason, actor, now).TryGetValue(out var deployment, out var error))
                    return error;
                deploymentRevision = deployment.Revision;
            }
            return RolloutRecords.Next(rollout, before, expectedRevision, deploymentRevision)
                .Map(after => Audited(model.Rollout = after, actor, now, saved => AuditEvents.RolloutSaved(before, saved)));
        });

    /// <inheritdoc />
    public Task<Result<Deployment>> RollbackDeploymentAsync(
        ModelName name, long? toRevision, string? reason, Actor actor, CancellationToken cancellationToken) =>
        Locked<Deployment>(() =>
        {
            if (!_models.TryGetValue(name.Value, out var model))
                return StoreErrors.ModelNotFound(name.Value);
            var before = model.Deployment;
            if (!DeploymentRules.RollbackSource(name.Value, model.Revisions, before?.Revision, toRevision).TryGetValue(out var source, out var error))
                return error;
            var now = StoreClock.Now(_time);
            var after = DeploymentRules.Desired(name, source.Spec, model.DeploymentRevision + 1, actor.Name, now);
            model.ChangeDeployment(after, DeploymentRules.Revision(
                after, after.Revision, DeploymentChange.Rollback, actor.Name, now, reason ?? DeploymentRules.RollbackReason(source.Revision), source.Revision));
            return Audited(after, actor, now, deployed => AuditEvents.DeploymentRolledBack(before, deployed));
        });

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<DeploymentRevision>>> ListDeploymentRevisionsAsync(ModelName name, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<DeploymentRevision>>(() =>
            !_models.TryGetValue(name.Value, out var model) ? StoreErrors.ModelNotFound(name.Value)
            : model.Revisions.Count > 0 ? model.Revisions.ToList()
            : StoreErrors.NeverDeployed(name.Value));

    /// <inheritdoc />
    public Task<Result<Deployment>> GetDeploymentAsync(ModelName name, CancellationToken cancellationToken) =>
        Locked(() => Deployed(name.Value));

    /// <inheritdoc />
    public Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<Deployment>>(_models.Values.Select(m => m.Deployment).OfType<Deployment>().ToList());
    }

    /// <inheritdoc />
    public Task<Result<Deployment>> RemoveDeploymentAsync(ModelName name, Actor actor, CancellationToken cancellationToken) =>
        Locked(() => Deployed(name.Value).Map(removed =>
        {
            var model = _models[name.Value];
            var now = StoreClock.Now(_time);
            model.ChangeDeployment(null, DeploymentRules.Revision(removed, model.DeploymentRevision + 1, DeploymentChange.Remove, actor.Name, now, null));
            return Audited(removed, actor, now, AuditEvents.DeploymentRemoved);
        }));

    /// <inheritdoc />
    public Task<Result<ApiKeyInfo>> CreateKeyAsync(NewApiKey key, Actor actor, CancellationToken cancellationToken) =>
        Locked<ApiKeyInfo>(() =>
        {
            if (_keys.ContainsKey(key.Id))
                return StoreErrors.KeyExists(key.Id);
            var now = StoreClock.Now(_time);
            var info = KeyRules.Created(key, actor, now);
            _keys.Add(key.Id, new StoredApiKey(info, key.SecretHash));
            return Audited(info, actor, now, AuditEvents.KeyCreated);
        });

    /// <inheritdoc />
    public Task<StoredApiKey?> FindKeyAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_keys.GetValueOrDefault(id));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ApiKeyInfo>>(
                _keys.Values.Select(k => k.Info).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public Task<Result<ApiKeyInfo>> RevokeKeyAsync(string id, Actor actor, CancellationToken cancellationToken) =>
        Locked<ApiKeyInfo>(() =>
        {
            var now = StoreClock.Now(_time);
            var current = _keys.GetValueOrDefault(id);
            if (!KeyRules.Revoke(current?.Info, id, actor, now).TryGetValue(out var revoked, out var error))
                return error;
            _keys[id] = current! with { Info = revoked };
            return Audited(revoked, actor, now, after => AuditEvents.KeyRevoked(current.Info, after));
        });

    /// <inheritdoc />
    public Task<bool> HasKeysAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_keys.Count > 0);
    }

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEvent auditEvent, Actor actor, CancellationToken cancellationToken)
    {
        lock (_lock)
            Append(auditEvent, actor, StoreClock.Now(_time));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Result<Page<AuditEntry>>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        Locked<Page<AuditEntry>>(() =>
        {
            if (!Listing.AuditBefore(query).TryGetValue(out var before, out var error))
                return error;
            var since = query.Since is { } time ? StoreClock.Normalize(time) : (DateTimeOffset?)null;
            var fetched = Enumerable.Reverse(_audit)
                .Where(e => (before is null || e.Sequence < before) && (query.Model is null || e.Model == query.Model.Value.Value)
                    && (since is null || e.Time >= since))
                .Take(query.PageSize + 1)
                .ToList();
            return Listing.AuditPage(fetched, query.PageSize);
        });

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AuditEntry[] entries;
        lock (_lock)
            entries = [.. _audit];
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AuditHead> GetAuditHeadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_audit.Count == 0 ? new AuditHead(0, AuditChain.GenesisHash) : new AuditHead(_audit[^1].Sequence, _audit[^1].Hash));
    }

    /// <inheritdoc />
    public Task<Result<Deployment>> ReportDeploymentStatusAsync(
        ModelName name, long revision, DeploymentStatus status, CancellationToken cancellationToken) =>
        Locked(() => Deployed(name.Value)
            .Then(current => DeploymentRules.Report(current, revision, status))
            .Map(reported => _models[name.Value].Deployment = reported));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<Result<T>> Locked<T>(Func<Result<T>> work)
    {
        lock (_lock)
            return Task.FromResult(work());
    }

    private T Audited<T>(T changed, Actor actor, DateTimeOffset now, Func<T, AuditEvent> describe)
    {
        Append(describe(changed), actor, now);
        return changed;
    }

    private void Append(AuditEvent auditEvent, Actor actor, DateTimeOffset now)
    {
        var previous = _audit.Count == 0 ? AuditChain.GenesisHash : _audit[^1].Hash;
        _audit.Add(AuditChain.Next(
            _audit.Count + 1, previous, now, actor, auditEvent.Action, auditEvent.Target, auditEvent.Model, auditEvent.Before, auditEvent.After));
    }

    private Result<Deployment> SetDeployment(ModelState model, ModelName name, DeploymentSpec spec, string? reason, Actor actor, DateTimeOffset now)
    {
        var before = model.Deployment;
        var after = DeploymentRules.Desired(name, spec, model.DeploymentRevision + 1, actor.Name, now);
        model.ChangeDeployment(after, DeploymentRules.Revision(after, after.Revision, DeploymentChange.Set, actor.Name, now, reason));
        return Audited(after, actor, now, deployed => AuditEvents.DeploymentSet(before, deployed));
    }

    private (ModelState Model, ModelVersionInfo Version)? Find(string name, int version) =>
        _models.TryGetValue(name, out var model) && model.Versions.TryGetValue(version, out var found) ? (model, found) : null;

    private Result<Deployment> Deployed(string name) =>
        !_models.TryGetValue(name, out var model) ? StoreErrors.ModelNotFound(name)
        : model.Deployment is { } deployment ? deployment
        : StoreErrors.NotDeployed(name);

    private Error FindError(string name, int version) =>
        _models.ContainsKey(name) ? StoreErrors.VersionNotFound(name, version) : StoreErrors.ModelNotFound(name);

    private sealed class ModelState(string name, DateTimeOffset createdAt)
    {
        public string Name { get; } = name;

        public string? Description { get; set; }

        public Dictionary<string, string> Tags { get; set; } = [];

        public int LastVersion { get; set; }

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public SortedDictionary<int, ModelVersionInfo> Versions { get; } = [];

        public SortedDictionary<string, AliasInfo> Aliases { get; } = new(StringComparer.Ordinal);

        public List<AliasChange> History { get; } = [];

        public long DeploymentRevision { get; private set; }

        public Deployment? Deployment { get; set; }

        public List<DeploymentRevision> Revisions { get; } = [];

        public Rollout? Rollout { get; set; }

        public ModelInfo Info() => new(
            Name, Description, new Dictionary<string, string>(Tags),
            Versions.Values.LastOrDefault(v => !v.Archived)?.Version, Versions.Count,
            Aliases.Values.ToDictionary(a => a.Alias, a => a.Version), CreatedAt, UpdatedAt);

        public ModelVersionInfo Version(int number) => Versions[number] with
        {
            Aliases = Aliases.Values.Where(a => a.Version == number).Select(a => a.Alias).ToList(),
        };

        public void ChangeDeployment(Deployment? deployment, DeploymentRevision revision)
        {
            Deployment = deployment;
            DeploymentRevision = revision.Revision;
            Revisions.Add(revision);
        }

        public AliasInfo PointAlias(string alias, int version, string actor, DateTimeOffset now)
        {
            var previous = Aliases.TryGetValue(alias, out var old) ? old.Version : (int?)null;
            var info = new AliasInfo(Name, alias, version, now, actor);
            Aliases[alias] = info;
            History.Add(new AliasChange(Name, alias, version, previous, now, actor));
            return info;
        }
    }
}
