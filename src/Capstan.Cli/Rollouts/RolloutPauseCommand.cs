using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Cli.Rollouts;

/// <summary><c>capstan rollout pause NAME</c>: holds a progressing rollout at its step.</summary>
internal sealed class RolloutPauseCommand(Terminal terminal) : RolloutDecisionCommand(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<Rollout>> DecideAsync(CapstanClient client, string name, string? reason, CancellationToken cancellationToken) =>
        client.PauseRolloutAsync(name, reason, cancellationToken);
}
