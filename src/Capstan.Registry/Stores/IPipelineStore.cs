using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The registry's continuous-training pipelines (their specs as applied) and their runs.</summary>
/// <remarks>
/// Each method is one transaction. Applying and deleting a spec are audited as <c>pipeline.set</c> and
/// <c>pipeline.delete</c>, queuing a run as <c>pipeline.run</c>; a run is saved whole, checking the revision it
/// replaces, so that with several replicas on one database exactly one of them claims a queued run and no save is
/// computed from a run that changed meanwhile. A run may carry a trigger key (such as the due time of a schedule),
/// unique across all runs, so that one firing queues one run however many replicas see it.
/// Safe to call concurrently from many threads and processes.
/// </remarks>
public interface IPipelineStore
{
    /// <summary>Creates the pipeline <paramref name="name"/> at revision 1 or replaces its spec and code commit, raising its revision.</summary>
    Task<Result<PipelineInfo>> SetPipelineAsync(string name, string model, string spec, string specHash, string? codeCommit, Actor actor, CancellationToken cancellationToken);

    /// <summary>Deletes a pipeline, keeping its ended runs; NotFound when there is none, Conflict while one of its runs is queued or running.</summary>
    Task<Result<PipelineInfo>> DeletePipelineAsync(string name, Actor actor, CancellationToken cancellationToken);

    /// <summary>Gets a pipeline; NotFound when there is none.</summary>
    Task<Result<PipelineInfo>> GetPipelineAsync(string name, CancellationToken cancellationToken);

    /// <summary>Lists every pipeline, by name.</summary>
    Task<IReadOnlyList<PipelineInfo>> ListPipelinesAsync(CancellationToken cancellationToken);

    /// <summary>Records a new run at revision 1; NotFound when its pipeline does not exist, AlreadyExists when its id or <paramref name="triggerKey"/> is taken.</summary>
    Task<Result<PipelineRun>> AddRunAsync(PipelineRun run, string? triggerKey, Actor actor, CancellationToken cancellationToken);

    /// <summary>Gets a run; NotFound when there is none.</summary>
    Task<Result<PipelineRun>> GetRunAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists runs newest first, at most <paramref name="limit"/>, of one pipeline or of all, of one status or of any.</summary>
    Task<IReadOnlyList<PipelineRun>> ListRunsAsync(string? pipeline, RunStatus? status, int limit, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="run"/> in place of the one at <paramref name="expectedRevision"/>; audited as <c>pipeline.run.update</c> when <paramref name="actor"/> is given.</summary>
    /// <remarks>Conflict (and nothing written) when the stored run is at another revision; NotFound when there is no such run. The stored run gets the next revision.</remarks>
    Task<Result<PipelineRun>> SaveRunAsync(PipelineRun run, long expectedRevision, Actor? actor, CancellationToken cancellationToken);
}
