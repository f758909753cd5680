using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Spectre.Console;

namespace Capstan.Cli.Alerts;

/// <summary><c>capstan alerts</c>: lists every alert rule with its condition, state, last value and since when.</summary>
internal sealed class AlertsCommand(Terminal terminal) : ClientCommand<ClientSettings, IReadOnlyList<Alert>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<Alert>>> RunAsync(CapstanClient client, ClientSettings settings, CancellationToken cancellationToken) =>
        client.ListAlertsAsync(cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<Alert> output) =>
        Terminal.Output.Write(Display.Table(output, "No alert rules.", ["Rule", "Model", "Signal", "Condition", "State", "Value", "Since"], alert =>
        [
            Markup.Escape(alert.Rule.Name),
            Markup.Escape(alert.Rule.Model),
            Markup.Escape(alert.Rule.Signal),
            Markup.Escape(Condition(alert.Rule)),
            State(alert.Status),
            alert.Status.Value is { } value ? Value(value) : "-",
            alert.Status.Since is { } since ? Display.Time(since) : "-",
        ]));

    /// <summary>A value as the tables show it: six significant digits.</summary>
    public static string Value(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The condition with its window and for-duration, such as <c>error_rate &gt; 0.05 over 300s for 60s</c>.</summary>
    private static string Condition(AlertRule rule) =>
        $"{AlertRule.Operator(rule.Comparison)} {Value(rule.Threshold)} over {rule.WindowSeconds}s" + (rule.ForSeconds > 0 ? $" for {rule.ForSeconds}s" : "");

    private static string State(AlertStatus status)
    {
        var name = Display.Name(status.State);
        var shown = status.State switch
        {
            AlertState.Firing => $"[red]{name}[/]",
            AlertState.Pending => $"[yellow]{name}[/]",
            _ => name,
        };
        return status.Note is null ? shown : $"{shown} ({Markup.Escape(status.Note)})";
    }
}
