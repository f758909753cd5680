using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Cli.Rollouts;

/// <summary><c>capstan rollout abort NAME</c>: sends all the traffic back to the stable target now.</summary>
internal sealed class RolloutAbortCommand(Terminal terminal) : RolloutDecisionCommand(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<Rollout>> DecideAsync(CapstanClient client, string name, string? reason, CancellationToken cancellationToken) =>
        client.AbortRolloutAsync(name, reason, cancellationToken);
}
