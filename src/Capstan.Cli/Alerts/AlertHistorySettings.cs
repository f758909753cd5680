using System.ComponentModel;
using Spectre.Console.Cli;

namespace Capstan.Cli.Alerts;

/// <summary>The arguments of <c>capstan alerts history NAME</c>.</summary>
internal sealed class AlertHistorySettings : AlertNameSettings
{
    /// <summary>The most transitions to list.</summary>
    [CommandOption("--limit <N>")]
    [Description("The most transitions to list, newest first (default 100, at most 1000).")]
    public int? Limit { get; init; }
}
