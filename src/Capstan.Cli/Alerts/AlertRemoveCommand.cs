using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Spectre.Console;

namespace Capstan.Cli.Alerts;

/// <summary><c>capstan alert rm NAME</c>: deletes an alert rule with its state and history.</summary>
internal sealed class AlertRemoveCommand(Terminal terminal) : ClientCommand<AlertNameSettings, AlertRule>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<AlertRule>> RunAsync(CapstanClient client, AlertNameSettings settings, CancellationToken cancellationToken) =>
        client.DeleteAlertRuleAsync(settings.Name, cancellationToken);

    /// <inheritdoc />
    protected override void Render(AlertRule output) =>
        Terminal.Output.MarkupLine($"Deleted alert rule {Markup.Escape(output.Name)} ({Markup.Escape(output.Condition)} on {Markup.Escape(output.Model)}).");
}
