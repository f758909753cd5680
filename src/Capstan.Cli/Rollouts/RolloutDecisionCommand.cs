using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Cli.Rollouts;

/// <summary>A hand-made rollout decision (pause, resume, promote, abort): sends it and prints the rollout as it stands after it.</summary>
internal abstract class RolloutDecisionCommand(Terminal terminal) : ClientCommand<RolloutSettings, Rollout>(terminal)
{
    /// <inheritdoc />
    protected override void Render(Rollout output) => RolloutView.Render(Terminal.Output, output);

    /// <summary>Sends the decision.</summary>
    protected abstract Task<Result<Rollout>> DecideAsync(CapstanClient client, string name, string? reason, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<Result<Rollout>> RunAsync(CapstanClient client, RolloutSettings settings, CancellationToken cancellationToken) =>
        DecideAsync(client, settings.Name, settings.Reason, cancellationToken);
}
