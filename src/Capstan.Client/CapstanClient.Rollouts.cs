using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Rollouts;
using Capstan.Client.Http;

namespace Capstan.Client;

/// <summary>The progressive rollout operations of the client.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Starts a rollout of a canary from the model's deployed stable target, giving the canary the first step's share at once.</summary>
    /// <param name="name">The model.</param>
    /// <param name="request">The canary, the steps, the thresholds and the reason.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<Rollout>> StartRolloutAsync(string name, RolloutRequest request, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Rollout>(HttpMethod.Post, RolloutPath(n), Json(request), cancellationToken));

    /// <summary>Gets a model's rollout: its plan, where it stands, its last analysis and its decisions.</summary>
    public Task<Result<Rollout>> GetRolloutAsync(string name, CancellationToken cancellationToken = default) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Rollout>(HttpMethod.Get, RolloutPath(n), null, cancellationToken));

    /// <summary>Holds a progressing rollout at its step.</summary>
    public Task<Result<Rollout>> PauseRolloutAsync(string name, string? reason = null, CancellationToken cancellationToken = default) =>
        DecideRolloutAsync(name, "pause", reason, cancellationToken);

    /// <summary>Lets a paused rollout go on; its step's hold starts again.</summary>
    public Task<Result<Rollout>> ResumeRolloutAsync(string name, string? reason = null, CancellationToken cancellationToken = default) =>
        DecideRolloutAsync(name, "resume", reason, cancellationToken);

    /// <summary>Makes the canary the stable target at 100% now.</summary>
    public Task<Result<Rollout>> PromoteRolloutAsync(string name, string? reason = null, CancellationToken cancellationToken = default) =>
        DecideRolloutAsync(name, "promote", reason, cancellationToken);

    /// <summary>Sends all the traffic back to the stable target now and ends the rollout.</summary>
    public Task<Result<Rollout>> AbortRolloutAsync(string name, string? reason = null, CancellationToken cancellationToken = default) =>
        DecideRolloutAsync(name, "abort", reason, cancellationToken);

    private Task<Result<Rollout>> DecideRolloutAsync(string name, string decision, string? reason, CancellationToken cancellationToken) =>
        ModelName.Parse(name).ThenAsync(n => SendAsync<Rollout>(HttpMethod.Post, $"{RolloutPath(n)}/{decision}", Json(new RolloutCommand(reason)), cancellationToken));

    private static string RolloutPath(ModelName name) => $"{DeploymentPath(name)}/rollout";
}
