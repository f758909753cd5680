using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Deployments;

/// <summary><c>capstan undeploy NAME</c>: stops serving a model.</summary>
internal sealed class UndeployCommand(Terminal terminal) : ClientCommand<ModelSettings, Deployment>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<Deployment>> RunAsync(CapstanClient client, ModelSettings settings, CancellationToken cancellationToken) =>
        client.UndeployAsync(settings.Name, cancellationToken);

    /// <inheritdoc />
    protected override void Render(Deployment output) => Terminal.Output.MarkupLineInterpolated($"Undeployed {output.Model}.");
}
