using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Logs;

/// <summary>The arguments of <c>capstan logs</c>.</summary>
internal sealed class LogsSettings : ClientSettings
{
    /// <summary>The serving name whose log to read.</summary>
    [CommandArgument(0, "<NAME>")]
    [Description("The deployed model.")]
    public string Name { get; init; } = "";

    /// <summary>Only requests since this time or this long ago.</summary>
    [CommandOption("--since <WHEN>")]
    [Description("Only requests since then: 30m, 1h, 7d ago, or an ISO-8601 time (default 1h).")]
    public string Since { get; init; } = "1h";

    /// <summary>Only requests before this time or this long ago.</summary>
    [CommandOption("--until <WHEN>")]
    [Description("Only requests before then: 30m, 1h, 7d ago, or an ISO-8601 time (default now).")]
    public string? Until { get; init; }

    /// <summary>The most requests to print.</summary>
    [CommandOption("--limit <N>")]
    [Description("The most requests to print, oldest first (default 100, at most 10000).")]
    public int Limit { get; init; } = 100;

    /// <summary>How to print them.</summary>
    [CommandOption("--format <FORMAT>")]
    [Description("table (default), csv, or json (one JSON object per line).")]
    public string Format { get; init; } = "table";
}
