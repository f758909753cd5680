using System.ComponentModel;
using Spectre.Console.Cli;

namespace Capstan.Cli.Alerts;

/// <summary>The arguments of <c>capstan alert set NAME</c>.</summary>
internal sealed class AlertSetSettings : AlertNameSettings
{
    /// <summary>The model the rule watches.</summary>
    [CommandOption("--model <NAME>")]
    [Description("The model whose signal the rule watches.")]
    public string? Model { get; init; }

    /// <summary>The signal.</summary>
    [CommandOption("--signal <SIGNAL>")]
    [Description("The signal, such as error_rate, latency_p99_ms, requests or drift.")]
    public string? Signal { get; init; }

    /// <summary>The threshold the value must rise above.</summary>
    [CommandOption("--above <X>")]
    [Description("Fire when the signal is above X.")]
    public string? Above { get; init; }

    /// <summary>The threshold the value must fall below.</summary>
    [CommandOption("--below <X>")]
    [Description("Fire when the signal is below X.")]
    public string? Below { get; init; }

    /// <summary>The window the signal is read over.</summary>
    [CommandOption("--window <DURATION>")]
    [Description("The span of recent data each evaluation reads, such as 5m or 1h (default 5m).")]
    public string? Window { get; init; }

    /// <summary>How long the condition must hold.</summary>
    [CommandOption("--for <DURATION>")]
    [Description("How long the condition must hold before the rule fires, such as 5m (default 0: at once).")]
    public string? For { get; init; }

    /// <summary>The webhooks to notify.</summary>
    [CommandOption("--webhook <URL>")]
    [Description("An http or https address to post firing and resolved notifications to; repeat for several.")]
    public string[] Webhooks { get; init; } = [];

    /// <summary>Whether the webhooks take Slack's body.</summary>
    [CommandOption("--slack")]
    [Description("Post Slack-compatible {\"text\": ...} bodies to the webhooks.")]
    public bool Slack { get; init; }

    /// <summary>A label for the people notified.</summary>
    [CommandOption("--severity <LABEL>")]
    [Description("A label for the people notified, such as critical.")]
    public string? Severity { get; init; }

    /// <summary>What the alert means.</summary>
    [CommandOption("--description <TEXT>")]
    [Description("What the alert means and what to do, sent with each notification.")]
    public string? Description { get; init; }
}
