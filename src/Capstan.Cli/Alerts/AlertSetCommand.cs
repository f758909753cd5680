using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Spectre.Console;

namespace Capstan.Cli.Alerts;

/// <summary><c>capstan alert set NAME --model M --signal S --above X|--below X</c>: creates or replaces an alert rule.</summary>
internal sealed class AlertSetCommand(Terminal terminal) : ClientCommand<AlertSetSettings, AlertRule>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<AlertRule>> RunAsync(CapstanClient client, AlertSetSettings settings, CancellationToken cancellationToken)
    {
        if ((settings.Above is null) == (settings.Below is null))
            return Error.InvalidInput("Give the condition as exactly one of --above X and --below X.");
        var (comparison, option, text) = settings.Above is not null ? (">", "--above", settings.Above) : ("<", "--below", settings.Below!);
        if (!AlertArguments.Number(text, option).TryGetValue(out var threshold, out var error)
            || !AlertArguments.Seconds(settings.Window, "--window", allowZero: false).TryGetValue(out var window, out error)
            || !AlertArguments.Seconds(settings.For, "--for", allowZero: true).TryGetValue(out var holdFor, out error))
            return error;
        var format = settings.Slack ? AlertWebhook.Slack : AlertWebhook.Json;
        var request = new AlertRuleRequest(
            settings.Model, settings.Signal, comparison, threshold, window, holdFor, settings.Severity, settings.Description,
            [.. settings.Webhooks.Select(url => new AlertWebhook(url, format))]);
        return await client.SetAlertRuleAsync(settings.Name, request, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(AlertRule output) => Describe(Terminal, output);

    /// <summary>Prints one line about a rule just stored.</summary>
    public static void Describe(Terminal terminal, AlertRule rule)
    {
        var holdFor = rule.ForSeconds > 0 ? $" for {rule.ForSeconds}s" : "";
        var webhooks = rule.Webhooks.Count == 0 ? "no webhooks" : $"{rule.Webhooks.Count} webhook(s)";
        terminal.Output.MarkupLine(
            $"Alert rule {Markup.Escape(rule.Name)}: {Markup.Escape(rule.Condition)} on {Markup.Escape(rule.Model)} over {rule.WindowSeconds}s{holdFor}, {webhooks}.");
    }
}
