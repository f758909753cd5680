using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Versions;

/// <summary><c>capstan archive REF</c>: hides a version from listings and "latest"; it still resolves by number.</summary>
internal sealed class ArchiveCommand(Terminal terminal) : ClientCommand<ReferenceSettings, ModelVersionInfo>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<ModelVersionInfo>> RunAsync(CapstanClient client, ReferenceSettings settings, CancellationToken cancellationToken) =>
        client.ArchiveAsync(settings.Reference, cancellationToken);

    /// <inheritdoc />
    protected override void Render(ModelVersionInfo output) => Terminal.Output.MarkupLineInterpolated($"Archived {output.Reference}.");
}
