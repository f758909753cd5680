using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Aliases;

/// <summary><c>capstan alias list NAME</c>: lists a model's aliases as a table.</summary>
internal sealed class AliasListCommand(Terminal terminal) : ClientCommand<ModelSettings, IReadOnlyList<AliasInfo>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<AliasInfo>>> RunAsync(CapstanClient client, ModelSettings settings, CancellationToken cancellationToken) =>
        client.ListAliasesAsync(settings.Name, cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<AliasInfo> output) =>
        Terminal.Output.Write(Display.Table(output, "No aliases.", ["Alias", "Version", "Updated", "By"], alias =>
            [Markup.Escape(alias.Alias), Markup.Escape($"{alias.Model}:{alias.Version}"), Display.Time(alias.UpdatedAt), Markup.Escape(alias.UpdatedBy)]));
}
