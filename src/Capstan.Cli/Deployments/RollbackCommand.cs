using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Deployments;

/// <summary><c>capstan rollback NAME [--to REVISION]</c>: applies an earlier revision's spec again as a new revision.</summary>
internal sealed class RollbackCommand(Terminal terminal) : ClientCommand<RollbackSettings, Deployment>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<Deployment>> RunAsync(CapstanClient client, RollbackSettings settings, CancellationToken cancellationToken) =>
        client.RollbackDeploymentAsync(settings.Name, settings.ToRevision, settings.Reason, cancellationToken);

    /// <inheritdoc />
    protected override void Render(Deployment output) =>
        Terminal.Output.MarkupLine(
            $"Rolled back {Markup.Escape(output.Model)}: revision {output.Revision} serves {Markup.Escape(DeploymentView.Traffic(DeploymentSpec.Of(output)))}.");
}
