using System.Globalization;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Pipelines;
using Capstan.Client.Http;

namespace Capstan.Client;

/// <summary>The continuous-training operations of the client: pipeline specs and their runs.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Applies <paramref name="spec"/> (YAML or JSON text) as pipeline <paramref name="name"/>, from git commit <paramref name="codeCommit"/> when known; unchanged when the stored spec has the same canonical hash and commit.</summary>
    public Task<Result<PipelineApplied>> ApplyPipelineAsync(string name, string spec, string? codeCommit = null, CancellationToken cancellationToken = default) =>
        PipelinePath(name).ThenAsync(path => SendAsync<PipelineApplied>(
            HttpMethod.Put, path + Query(("commit", codeCommit)), new StringContent(spec, Encoding.UTF8, "application/yaml"), cancellationToken));

    /// <summary>Gets one pipeline with its spec as applied.</summary>
    public Task<Result<PipelineInfo>> GetPipelineAsync(string name, CancellationToken cancellationToken = default) =>
        PipelinePath(name).ThenAsync(path => SendAsync<PipelineInfo>(HttpMethod.Get, path, null, cancellationToken));

    /// <summary>Lists every pipeline the caller may see, by name.</summary>
    public Task<Result<IReadOnlyList<PipelineInfo>>> ListPipelinesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PipelineInfo>>(HttpMethod.Get, $"{Api}/pipelines", null, cancellationToken);

    /// <summary>Deletes a pipeline, keeping its ended runs.</summary>
    public Task<Result<PipelineInfo>> DeletePipelineAsync(string name, CancellationToken cancellationToken = default) =>
        PipelinePath(name).ThenAsync(path => SendAsync<PipelineInfo>(HttpMethod.Delete, path, null, cancellationToken));

    /// <summary>Queues a run of a pipeline by hand and returns it, queued.</summary>
    public Task<Result<PipelineRun>> StartRunAsync(string name, CancellationToken cancellationToken = default) =>
        PipelinePath(name).ThenAsync(path => SendAsync<PipelineRun>(HttpMethod.Post, $"{path}/runs", null, cancellationToken));

    /// <summary>Lists runs newest first, of one pipeline or of all the caller may see.</summary>
    /// <param name="pipeline">The pipeline, or null for all.</param>
    /// <param name="limit">The most runs to list, 1 to 500; the server's default (50) when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<IReadOnlyList<PipelineRun>>> ListRunsAsync(string? pipeline = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PipelineRun>>(HttpMethod.Get,
            $"{Api}/runs{Query(("pipeline", pipeline), ("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", null, cancellationToken);

    /// <summary>Gets one run with its parameters, metrics, gate decision, lineage and log.</summary>
    public Task<Result<PipelineRun>> GetRunAsync(string id, CancellationToken cancellationToken = default) =>
        RunPath(id).ThenAsync(path => SendAsync<PipelineRun>(HttpMethod.Get, path, null, cancellationToken));

    /// <summary>Cancels a run: a queued one ends at once, a running one stops promptly.</summary>
    public Task<Result<PipelineRun>> CancelRunAsync(string id, CancellationToken cancellationToken = default) =>
        RunPath(id).ThenAsync(path => SendAsync<PipelineRun>(HttpMethod.Post, $"{path}/cancel", null, cancellationToken));

    private static Result<string> PipelinePath(string name) =>
        NameRules.Check(name, "pipeline name").Map(n => $"{Api}/pipelines/{Uri.EscapeDataString(n)}");

    private static Result<string> RunPath(string id) =>
        NameRules.Check(id, "run id").Map(i => $"{Api}/runs/{Uri.EscapeDataString(i)}");
}
