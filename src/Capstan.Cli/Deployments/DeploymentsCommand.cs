using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;

namespace Capstan.Cli.Deployments;

/// <summary><c>capstan deployments</c>: lists every deployment with its target and reported state.</summary>
internal sealed class DeploymentsCommand(Terminal terminal) : ClientCommand<ClientSettings, IReadOnlyList<Deployment>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<Deployment>>> RunAsync(CapstanClient client, ClientSettings settings, CancellationToken cancellationToken) =>
        client.ListDeploymentsAsync(cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<Deployment> output) => DeploymentView.Render(Terminal.Output, output);
}
