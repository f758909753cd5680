using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Aliases;

/// <summary><c>capstan alias rm NAME ALIAS</c>: removes an alias.</summary>
internal sealed class AliasRemoveCommand(Terminal terminal) : ClientCommand<AliasSettings, AliasInfo>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<AliasInfo>> RunAsync(CapstanClient client, AliasSettings settings, CancellationToken cancellationToken) =>
        client.RemoveAliasAsync(settings.Name, settings.Alias, cancellationToken);

    /// <inheritdoc />
    protected override void Render(AliasInfo output) =>
        Terminal.Output.MarkupLineInterpolated($"Removed {output.Model}@{output.Alias} (was {output.Model}:{output.Version}).");
}
