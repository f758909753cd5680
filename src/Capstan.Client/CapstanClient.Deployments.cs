using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Serving;
using Capstan.Client.Http;

namespace Capstan.Client;

/// <summary>The deployment and serving-status operations of the client.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Deploys the model a reference names so that it serves that reference (<c>name:N</c>, <c>name@alias</c> to follow an alias, or <c>name</c> for the latest).</summary>
    /// <param name="reference">What to serve; its model is the serving name.</param>
    /// <param name="batching">How to batch requests; the server's defaults when null.</param>
    /// <param name="outputs">The outputs to expose; every output of the model when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<Deployment>> DeployAsync(
        string reference, BatchingSettings? batching = null, IReadOnlyList<string>? outputs = null, CancellationToken cancellationToken = default) =>
        ModelReference.Parse(reference).ThenAsync(r => DeployAsync(r.Name.Value, new DeploymentRequest(r.ToString(), batching, outputs), cancellationToken));

    /// <summary>Deploys a model with a whole spec: its target alone, or variants with weights, a shadow, a sticky key, and the reason kept in its history.</summary>
    /// <param name="name">The model, which is also the serving name.</param>
    /// <param name="request">What to serve and how.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<Deployment>> DeployAsync(string name, DeploymentRequest request, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Deployment>(HttpMethod.Put, DeploymentPath(n), Json(request), cancellationToken));

    /// <summary>Lists every revision of a model's deployment, oldest first: each set, removal and rollback with its spec, who, when and why.</summary>
    public Task<Result<IReadOnlyList<DeploymentRevision>>> ListDeploymentRevisionsAsync(string name, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<IReadOnlyList<DeploymentRevision>>(
            HttpMethod.Get, $"{DeploymentPath(n)}/revisions", null, cancellationToken));

    /// <summary>Applies an earlier revision's spec again as a new revision: <paramref name="toRevision"/>, or the one before the latest change.</summary>
    /// <param name="name">The model.</param>
    /// <param name="toRevision">The revision to return to, or null for the previous one.</param>
    /// <param name="reason">Why, kept in the history; null for "rollback to revision N".</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<Deployment>> RollbackDeploymentAsync(
        string name, long? toRevision = null, string? reason = null, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Deployment>(
            HttpMethod.Post, $"{DeploymentPath(n)}/rollback", Json(new RollbackRequest(toRevision, reason)), cancellationToken));

    /// <summary>Stops serving a model, returning its deployment as it was.</summary>
    public Task<Result<Deployment>> UndeployAsync(string name, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Deployment>(HttpMethod.Delete, DeploymentPath(n), null, cancellationToken));

    /// <summary>Gets a model's deployment, with the status its server last reported.</summary>
    public Task<Result<Deployment>> GetDeploymentAsync(string name, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Deployment>(HttpMethod.Get, DeploymentPath(n), null, cancellationToken));

    /// <summary>Lists every deployment.</summary>
    public Task<Result<IReadOnlyList<Deployment>>> ListDeploymentsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<Deployment>>(HttpMethod.Get, $"{Api}/deployments", null, cancellationToken);

    /// <summary>Gets what the server has in memory: each loaded version's state, memory, queue and batch counters.</summary>
    public Task<Result<ServerStatus>> GetStatusAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ServerStatus>(HttpMethod.Get, $"{Api}/status", null, cancellationToken);

    private static string DeploymentPath(ModelName name) => $"{Api}/deployments/{Uri.EscapeDataString(name.Value)}";
}
