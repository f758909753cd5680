using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;

namespace Capstan.Cli.Deployments;

/// <summary><c>capstan history NAME</c>: every revision of a model's deployment, oldest first, with who, when, what and why.</summary>
internal sealed class HistoryCommand(Terminal terminal) : ClientCommand<ModelSettings, IReadOnlyList<DeploymentRevision>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<DeploymentRevision>>> RunAsync(CapstanClient client, ModelSettings settings, CancellationToken cancellationToken) =>
        client.ListDeploymentRevisionsAsync(settings.Name, cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<DeploymentRevision> output) => DeploymentView.Render(Terminal.Output, output);
}
