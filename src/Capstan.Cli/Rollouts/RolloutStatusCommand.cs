using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Rollouts;

namespace Capstan.Cli.Rollouts;

/// <summary><c>capstan rollout status NAME</c>: the rollout's steps with the current one marked, its last analysis and its decisions.</summary>
internal sealed class RolloutStatusCommand(Terminal terminal) : ClientCommand<ModelSettings, Rollout>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<Rollout>> RunAsync(CapstanClient client, ModelSettings settings, CancellationToken cancellationToken) =>
        client.GetRolloutAsync(settings.Name, cancellationToken);

    /// <inheritdoc />
    protected override void Render(Rollout output) => RolloutView.Render(Terminal.Output, output);
}
