using System.Globalization;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Registry.Service;

namespace Capstan.Monitoring.Alerts;

/// <summary>Checks an alert rule as given, each failure one precise message, and builds the rule to store.</summary>
/// <remarks>Whether the model exists is the store's to say, and whether a source provides the signal the service's.</remarks>
public static class AlertRules
{
    /// <summary>The window a rule gets when it names none: five minutes.</summary>
    public const long DefaultWindowSeconds = 300;

    /// <summary>The longest window and for-duration: 30 days.</summary>
    public const long MaxSeconds = 30L * 24 * 60 * 60;

    /// <summary>The most webhooks one rule notifies.</summary>
    public const int MaxWebhooks = 8;

    /// <summary>The longest signal name.</summary>
    public const int MaxSignalLength = 200;

    /// <summary>The longest description.</summary>
    public const int MaxDescriptionLength = 2000;

    /// <summary>The most history entries one request lists.</summary>
    public const int MaxHistory = 1000;

    /// <summary>The rule named <paramref name="name"/> that <paramref name="request"/> describes, stamped by the store when saved.</summary>
    public static Result<AlertRule> Check(string? name, AlertRuleRequest? request)
    {
        if (!NameRules.Check(name, "alert rule name").TryGetValue(out var ruleName, out var error))
            return error;
        if (request is null)
            return Error.InvalidInput("The body is empty; give the rule as {\"model\": ..., \"signal\": ..., \"comparison\": \">\", \"threshold\": ...}.");
        if (request.Model is null)
            return Error.InvalidInput($"The rule '{ruleName}' names no model.");
        if (!ModelName.Parse(request.Model).TryGetValue(out var model, out error))
            return error;
        if (CheckSignal(request.Signal) is { } badSignal)
            return badSignal;
        if (!Comparison(request.Comparison).TryGetValue(out var comparison, out error))
            return error;
        if (request.Threshold is not { } threshold)
            return Error.InvalidInput($"The rule '{ruleName}' has no threshold to compare {request.Signal} with.");
        if (!double.IsFinite(threshold))
            return Error.InvalidInput($"The threshold {threshold.ToString(CultureInfo.InvariantCulture)} is not a finite number.");
        var window = request.WindowSeconds ?? DefaultWindowSeconds;
        if (window is <= 0 or > MaxSeconds)
            return Error.InvalidInput($"The window is {window} seconds; give 1 to {MaxSeconds} (30 days).");
        var holdFor = request.ForSeconds ?? 0;
        if (holdFor is < 0 or > MaxSeconds)
            return Error.InvalidInput($"The for-duration is {holdFor} seconds; give 0 (fire at once) to {MaxSeconds} (30 days).");
        if (request.Severity is not null && !NameRules.Check(request.Severity, "severity").TryGetValue(out _, out error))
            return error;
        if (PushRules.CheckText(request.Description, "description", MaxDescriptionLength, multiline: true) is { } badDescription)
            return badDescription;
        if (!Webhooks(request.Webhooks).TryGetValue(out var webhooks, out error))
            return error;
        return new AlertRule(
            ruleName, model.Value, request.Signal!, comparison, threshold, window, holdFor, request.Severity, request.Description, webhooks,
            DateTimeOffset.MinValue, "");
    }

    /// <summary>A history limit: 100 when null, else 1 to <see cref="MaxHistory"/>.</summary>
    public static Result<int> HistoryLimit(int? limit) => limit switch
    {
        null => 100,
        >= 1 and <= MaxHistory => limit.Value,
        _ => Error.InvalidInput($"The limit is {limit}; give 1 to {MaxHistory}."),
    };

    private static Error? CheckSignal(string? signal)
    {
        if (string.IsNullOrEmpty(signal))
            return Error.InvalidInput("The rule names no signal; give one such as error_rate, latency_p99_ms, requests or drift.");
        if (signal.Length > MaxSignalLength)
            return Error.InvalidInput($"The signal name is {signal.Length} characters long; at most {MaxSignalLength} are allowed.");
        foreach (var c in signal)
        {
            if (c is <= ' ' or >= '\u007F')
                return Error.InvalidInput($"The signal '{NameRules.Printable(signal)}' contains \\u{(int)c:X4}; signal names are printable ASCII without spaces.");
        }
        return null;
    }

    private static Result<AlertComparison> Comparison(string? text) => text switch
    {
        ">" => AlertComparison.Above,
        ">=" => AlertComparison.AtOrAbove,
        "<" => AlertComparison.Below,
        "<=" => AlertComparison.AtOrBelow,
        null => Error.InvalidInput("The rule has no comparison; give one of >, >=, < and <=."),
        _ => Error.InvalidInput($"The comparison '{NameRules.Printable(text)}' is not one of >, >=, < and <=."),
    };

    private static Result<IReadOnlyList<AlertWebhook>> Webhooks(IReadOnlyList<AlertWebhook?>? given)
    {
        if (given is null)
            return Result<IReadOnlyList<AlertWebhook>>.Success([]);
        if (given.Count > MaxWebhooks)
            return Error.InvalidInput($"The rule has {given.Count} webhooks; at most {MaxWebhooks} are allowed.");
        var webhooks = new List<AlertWebhook>(given.Count);
        foreach (var webhook in given)
        {
            if (webhook is null)
                return Error.InvalidInput("A webhook is null; give each as {\"url\": ..., \"format\": \"json\" or \"slack\"}.");
            if (!WebhookAddress.Check(webhook.Url).TryGetValue(out _, out var error))
                return error;
            var format = webhook.Format ?? AlertWebhook.Json;
            if (format is not (AlertWebhook.Json or AlertWebhook.Slack))
                return Error.InvalidInput($"The webhook format '{NameRules.Printable(format)}' is neither 'json' nor 'slack'.");
            if (webhooks.Any(w => w.Url == webhook.Url))
                return Error.InvalidInput($"The webhook '{webhook.Url}' is listed twice.");
            webhooks.Add(new AlertWebhook(webhook.Url, format));
        }
        return webhooks;
    }
}
