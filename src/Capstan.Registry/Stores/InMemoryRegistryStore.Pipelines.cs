using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

public sealed partial class InMemoryRegistryStore
{
    private readonly SortedDictionary<string, PipelineInfo> _pipelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PipelineRun> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _triggerKeys = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<Result<PipelineInfo>> SetPipelineAsync(string name, string model, string spec, string specHash, string? codeCommit, Actor actor, CancellationToken cancellationToken) =>
        Locked<PipelineInfo>(() =>
        {
            var now = StoreClock.Now(_time);
            var before = _pipelines.GetValueOrDefault(name);
            var after = new PipelineInfo(name, model, spec, specHash, (before?.Revision ?? 0) + 1, now, actor.Name, codeCommit);
            _pipelines[name] = after;
            return Audited(after, actor, now, set => AuditEvents.PipelineSet(before, set));
        });

    /// <inheritdoc />
    public Task<Result<PipelineInfo>> DeletePipelineAsync(string name, Actor actor, CancellationToken cancellationToken) =>
        Locked<PipelineInfo>(() =>
        {
            if (!_pipelines.TryGetValue(name, out var deleted))
                return StoreErrors.PipelineNotFound(name);
            if (_runs.Values.Where(r => r.Pipeline == name && PipelineRecords.Active(r.Status)).OrderBy(r => r.QueuedAt).FirstOrDefault() is { } active)
                return StoreErrors.PipelineBusy(name, active.Id);
            _pipelines.Remove(name);
            return Audited(deleted, actor, StoreClock.Now(_time), AuditEvents.PipelineDeleted);
        });

    /// <inheritdoc />
    public Task<Result<PipelineInfo>> GetPipelineAsync(string name, CancellationToken cancellationToken) =>
        Locked<PipelineInfo>(() => _pipelines.TryGetValue(name, out var pipeline) ? pipeline : StoreErrors.PipelineNotFound(name));

    /// <inheritdoc />
    public Task<IReadOnlyList<PipelineInfo>> ListPipelinesAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<PipelineInfo>>([.. _pipelines.Values]);
    }

    /// <inheritdoc />
    public Task<Result<PipelineRun>> AddRunAsync(PipelineRun run, string? triggerKey, Actor actor, CancellationToken cancellationToken) =>
        Locked<PipelineRun>(() =>
        {
            if (!_pipelines.ContainsKey(run.Pipeline))
                return StoreErrors.PipelineNotFound(run.Pipeline);
            if (_runs.ContainsKey(run.Id) || (triggerKey is not null && _triggerKeys.Contains(triggerKey)))
                return StoreErrors.RunExists(run.Id, triggerKey);
            var stored = PipelineRecords.Stored(run, 1);
            _runs.Add(stored.Id, stored);
            if (triggerKey is not null)
                _triggerKeys.Add(triggerKey);
            return Audited(stored, actor, StoreClock.Now(_time), AuditEvents.RunQueued);
        });

    /// <inheritdoc />
    public Task<Result<PipelineRun>> GetRunAsync(string id, CancellationToken cancellationToken) =>
        Locked<PipelineRun>(() => _runs.TryGetValue(id, out var run) ? run : StoreErrors.RunNotFound(id));

    /// <inheritdoc />
    public Task<IReadOnlyList<PipelineRun>> ListRunsAsync(string? pipeline, RunStatus? status, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<PipelineRun>>([.. _runs.Values
                .Where(r => (pipeline is null || r.Pipeline == pipeline) && (status is null || r.Status == status))
                .OrderByDescending(r => r.QueuedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).Take(limit)]);
    }

    /// <inheritdoc />
    public Task<Result<PipelineRun>> SaveRunAsync(PipelineRun run, long expectedRevision, Actor? actor, CancellationToken cancellationToken) =>
        Locked<PipelineRun>(() =>
        {
            if (!_runs.TryGetValue(run.Id, out var before))
                return StoreErrors.RunNotFound(run.Id);
            if (before.Revision != expectedRevision)
                return StoreErrors.StaleRun(run.Id, expectedRevision, before.Revision);
            var stored = PipelineRecords.Stored(run, expectedRevision + 1);
            _runs[run.Id] = stored;
            return actor is null ? stored : Audited(stored, actor, StoreClock.Now(_time), after => AuditEvents.RunUpdated(before, after));
        });
}
