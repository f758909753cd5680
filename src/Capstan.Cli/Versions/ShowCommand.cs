using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;

namespace Capstan.Cli.Versions;

/// <summary><c>capstan show REF</c>: shows everything recorded about one version.</summary>
internal sealed class ShowCommand(Terminal terminal) : ClientCommand<ReferenceSettings, ModelVersionInfo>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<ModelVersionInfo>> RunAsync(CapstanClient client, ReferenceSettings settings, CancellationToken cancellationToken) =>
        client.GetVersionAsync(settings.Reference, cancellationToken);

    /// <inheritdoc />
    protected override void Render(ModelVersionInfo output) => Terminal.Output.Write(VersionView.Render(output));
}
