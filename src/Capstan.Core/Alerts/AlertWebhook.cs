namespace Capstan.Core.Alerts;

/// <summary>Where an alert rule's firing and resolved notifications are posted, and in which body.</summary>
/// <param name="Url">An absolute <c>http</c> or <c>https</c> address.</param>
/// <param name="Format"><see cref="Json"/> for Capstan's own body, <see cref="Slack"/> for a Slack-compatible <c>{"text": ...}</c> body.</param>
public sealed record AlertWebhook(string Url, string Format = AlertWebhook.Json)
{
    /// <summary>The format of Capstan's own JSON body: rule, model, signal, state, value, threshold, since, at and description.</summary>
    public const string Json = "json";

    /// <summary>The format of a Slack incoming webhook's body: one <c>text</c> field.</summary>
    public const string Slack = "slack";
}
