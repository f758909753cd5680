using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Versions;

/// <summary><c>capstan unarchive REF</c>: brings an archived version back into listings.</summary>
internal sealed class UnarchiveCommand(Terminal terminal) : ClientCommand<ReferenceSettings, ModelVersionInfo>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<ModelVersionInfo>> RunAsync(CapstanClient client, ReferenceSettings settings, CancellationToken cancellationToken) =>
        client.UnarchiveAsync(settings.Reference, cancellationToken);

    /// <inheritdoc />
    protected override void Render(ModelVersionInfo output) => Terminal.Output.MarkupLineInterpolated($"Unarchived {output.Reference}.");
}
