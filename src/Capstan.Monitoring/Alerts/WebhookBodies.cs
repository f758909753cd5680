using System.Globalization;
using System.Text;
using System.Text.Json;
using Capstan.Core.Alerts;
using Capstan.Core.Serialization;

namespace Capstan.Monitoring.Alerts;

/// <summary>Writes the body of a webhook notification: Capstan's <see cref="WebhookBody"/>, or a Slack-compatible <c>{"text": ...}</c>.</summary>
public static class WebhookBodies
{
    /// <summary>The JSON body for <paramref name="notification"/> in <paramref name="format"/> (<c>json</c> or <c>slack</c>).</summary>
    public static string For(string format, AlertNotification notification) =>
        format == AlertWebhook.Slack
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = SlackText(notification) }, CapstanJson.Options)
            : JsonSerializer.Serialize(Body(notification), CapstanJson.Options);

    /// <summary>Capstan's own body for <paramref name="notification"/>.</summary>
    public static WebhookBody Body(AlertNotification notification)
    {
        var rule = notification.Rule;
        var transition = notification.Transition;
        return new WebhookBody(
            rule.Name, rule.Model, rule.Signal, Name(transition.Change), transition.Value, AlertRule.Operator(rule.Comparison), rule.Threshold,
            notification.Since, transition.At, rule.Severity, rule.Description);
    }

    /// <summary>The Slack message for <paramref name="notification"/>, with <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped as Slack requires.</summary>
    public static string SlackText(AlertNotification notification)
    {
        var rule = notification.Rule;
        var transition = notification.Transition;
        var value = transition.Value.ToString("G6", CultureInfo.InvariantCulture);
        var threshold = rule.Threshold.ToString("G6", CultureInfo.InvariantCulture);
        var since = notification.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(transition.Change == AlertChange.Firing ? "[FIRING] " : "[RESOLVED] ").Append(rule.Name);
        if (rule.Severity is not null)
            text.Append(" (").Append(rule.Severity).Append(')');
        text.Append(" on model ").Append(rule.Model).Append(": ").Append(rule.Signal).Append(" is ").Append(value);
        text.Append(transition.Change == AlertChange.Firing
            ? $", {AlertRule.Operator(rule.Comparison)} {threshold} since {since}"
            : $", no longer {AlertRule.Operator(rule.Comparison)} {threshold} (firing since {since})");
        if (rule.Description is not null)
            text.Append('\n').Append(rule.Description);
        return text.ToString().Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>The JSON name of a transition, such as <c>firing</c>.</summary>
    public static string Name(AlertChange change) => JsonSerializer.Serialize(change, CapstanJson.Options).Trim('"');
}
