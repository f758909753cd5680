using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Audit;

/// <summary>The arguments of <c>capstan audit</c>.</summary>
internal sealed class AuditSettings : ClientSettings
{
    /// <summary>Only entries about this model.</summary>
    [CommandOption("--model <NAME>")]
    [Description("Only entries about this model.")]
    public string? Model { get; init; }

    /// <summary>Only entries since this time or this long ago.</summary>
    [CommandOption("--since <WHEN>")]
    [Description("Only entries since then: 30m, 1h, 7d ago, or an ISO-8601 time.")]
    public string? Since { get; init; }

    /// <summary>The most entries to list.</summary>
    [CommandOption("--limit <N>")]
    [Description("The most entries to list, newest first (default 50, at most 1000).")]
    public int Limit { get; init; } = 50;
}
