using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;

namespace Capstan.Cli.Alerts;

/// <summary><c>capstan alerts history NAME</c>: lists a rule's transitions, newest first, with the value that caused each.</summary>
internal sealed class AlertHistoryCommand(Terminal terminal) : ClientCommand<AlertHistorySettings, IReadOnlyList<AlertTransition>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<AlertTransition>>> RunAsync(CapstanClient client, AlertHistorySettings settings, CancellationToken cancellationToken) =>
        client.GetAlertHistoryAsync(settings.Name, settings.Limit, cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<AlertTransition> output) =>
        Terminal.Output.Write(Display.Table(output, "No transitions yet.", ["When", "Change", "Value"], transition =>
            [Display.Time(transition.At), Display.Name(transition.Change), AlertsCommand.Value(transition.Value)]));
}
