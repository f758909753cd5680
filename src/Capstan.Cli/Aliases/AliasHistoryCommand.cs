using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Aliases;

/// <summary><c>capstan alias history NAME ALIAS</c>: lists every move of an alias, oldest first.</summary>
internal sealed class AliasHistoryCommand(Terminal terminal) : ClientCommand<AliasSettings, IReadOnlyList<AliasChange>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<AliasChange>>> RunAsync(CapstanClient client, AliasSettings settings, CancellationToken cancellationToken) =>
        client.GetAliasHistoryAsync(settings.Name, settings.Alias, cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<AliasChange> output) =>
        Terminal.Output.Write(Display.Table(output, "No history.", ["When", "From", "To", "By"], change =>
            [Display.Time(change.ChangedAt), Version(change.PreviousVersion), Version(change.Version), Markup.Escape(change.ChangedBy)]));

    private static string Version(int? version) => version?.ToString() ?? "-";
}
