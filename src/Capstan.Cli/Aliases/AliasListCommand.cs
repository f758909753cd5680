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
    protected override void Render(IReadOnlyList<AliasInfo> output)
    {
        if (output.Count == 0)
        {
            Terminal.Output.MarkupLine("[grey]No aliases.[/]");
            return;
        }
        var table = new Table().AddColumns("Alias", "Version", "Updated", "By");
        foreach (var alias in output)
            table.AddRow(Markup.Escape(alias.Alias), Markup.Escape($"{alias.Model}:{alias.Version}"), Display.Time(alias.UpdatedAt), Markup.Escape(alias.UpdatedBy));
        Terminal.Output.Write(table);
    }
}
