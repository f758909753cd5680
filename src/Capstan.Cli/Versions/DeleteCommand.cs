using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Versions;

/// <summary><c>capstan delete NAME:N</c>: deletes one numbered version and its artifact.</summary>
internal sealed class DeleteCommand(Terminal terminal) : ClientCommand<ReferenceSettings, ModelVersionInfo>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<ModelVersionInfo>> RunAsync(CapstanClient client, ReferenceSettings settings, CancellationToken cancellationToken) =>
        client.DeleteVersionAsync(settings.Reference, cancellationToken);

    /// <inheritdoc />
    protected override void Render(ModelVersionInfo output) => Terminal.Output.MarkupLineInterpolated($"Deleted {output.Reference}.");
}
