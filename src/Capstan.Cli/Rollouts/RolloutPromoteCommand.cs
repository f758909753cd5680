using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Cli.Rollouts;

/// <summary><c>capstan rollout promote NAME</c>: makes the canary the stable target at 100% now.</summary>
internal sealed class RolloutPromoteCommand(Terminal terminal) : RolloutDecisionCommand(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<Rollout>> DecideAsync(CapstanClient client, string name, string? reason, CancellationToken cancellationToken) =>
        client.PromoteRolloutAsync(name, reason, cancellationToken);
}
