using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Pipelines;

/// <summary>The arguments of <c>capstan runs [NAME]</c>.</summary>
internal sealed class RunsSettings : ClientSettings
{
    /// <summary>The pipeline, or empty for all.</summary>
    [CommandArgument(0, "[NAME]")]
    [Description("The pipeline whose runs to list; all pipelines when left out.")]
    public string? Name { get; init; }

    /// <summary>The most runs to list.</summary>
    [CommandOption("--limit <N>")]
    [Description("The most runs to list, newest first (default 50, at most 500).")]
    public int? Limit { get; init; }
}
