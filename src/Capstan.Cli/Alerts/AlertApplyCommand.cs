using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;

namespace Capstan.Cli.Alerts;

/// <summary><c>capstan alert apply -f FILE</c>: creates or replaces every rule a file lists, in order, stopping at the first the server refuses.</summary>
/// <remarks>Every rule is checked locally before the first is sent, so a file with a bad rule changes nothing; rules the file does not list are left alone.</remarks>
internal sealed class AlertApplyCommand(Terminal terminal) : ClientCommand<AlertApplySettings, IReadOnlyList<AlertRule>>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<IReadOnlyList<AlertRule>>> RunAsync(CapstanClient client, AlertApplySettings settings, CancellationToken cancellationToken)
    {
        if (settings.File.Length == 0)
            return Error.InvalidInput("Give the rules file with -f FILE.");
        if (!SpecFiles.Read<AlertFile>(settings.File, "rules file").TryGetValue(out var file, out var error))
            return error;
        if (file.Rules is not { Count: > 0 } entries)
            return Error.InvalidInput($"{settings.File} lists no rules; add them under 'rules:'.");
        var requests = new List<(string Name, AlertRuleRequest Request)>();
        foreach (var (entry, index) in entries.Select((e, i) => (e, i + 1)))
        {
            if (!Request(entry, $"{settings.File}, rule {index}").TryGetValue(out var request, out error))
                return error;
            requests.Add((entry.Name!, request));
        }
        var applied = new List<AlertRule>();
        foreach (var (name, request) in requests)
        {
            if (!(await client.SetAlertRuleAsync(name, request, cancellationToken)).TryGetValue(out var rule, out error))
                return error with { Message = $"Rule '{name}': {error.Message}" + (applied.Count > 0 ? $" ({applied.Count} rules before it were applied.)" : "") };
            applied.Add(rule);
        }
        return applied;
    }

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<AlertRule> output)
    {
        foreach (var rule in output)
            AlertSetCommand.Describe(Terminal, rule);
    }

    private static Result<AlertRuleRequest> Request(AlertFile.RuleEntry entry, string where)
    {
        if (string.IsNullOrEmpty(entry.Name))
            return Error.InvalidInput($"{where} has no name.");
        var given = new[] { entry.Above is not null, entry.Below is not null, entry.Comparison is not null || entry.Threshold is not null }.Count(g => g);
        if (given != 1)
            return Error.InvalidInput($"{where} ('{entry.Name}') needs exactly one of 'above: X', 'below: X', or 'comparison' with 'threshold'.");
        var (comparison, threshold) = entry.Above is { } above ? (">", above) : entry.Below is { } below ? ("<", below) : (entry.Comparison, entry.Threshold);
        if (!AlertArguments.Seconds(entry.Window, $"{where}: window", allowZero: false).TryGetValue(out var window, out var error)
            || !AlertArguments.Seconds(entry.For, $"{where}: for", allowZero: true).TryGetValue(out var holdFor, out error))
            return error;
        return new AlertRuleRequest(
            entry.Model, entry.Signal, comparison, threshold, window, holdFor, entry.Severity, entry.Description,
            entry.Webhooks?.Select(w => new AlertWebhook(w.Url!, w.Format ?? AlertWebhook.Json)).ToList());
    }
}
