using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Cli.Rollouts;

/// <summary><c>capstan rollout resume NAME</c>: lets a paused rollout go on, its step's hold starting again.</summary>
internal sealed class RolloutResumeCommand(Terminal terminal) : RolloutDecisionCommand(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<Rollout>> DecideAsync(CapstanClient client, string name, string? reason, CancellationToken cancellationToken) =>
        client.ResumeRolloutAsync(name, reason, cancellationToken);
}
