using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Pipelines;

/// <summary>The arguments of <c>capstan pipeline run NAME</c>.</summary>
internal sealed class PipelineRunSettings : ClientSettings
{
    /// <summary>The pipeline.</summary>
    [CommandArgument(0, "<NAME>")]
    [Description("The pipeline to run.")]
    public string Name { get; init; } = "";

    /// <summary>Whether to follow the run until it ends.</summary>
    [CommandOption("--wait")]
    [Description("Follow the run with a progress bar until it ends; exit non-zero when it is rejected, fails or is cancelled.")]
    public bool Wait { get; init; }

    /// <summary>How often to look at the run while waiting.</summary>
    [CommandOption("--poll <SECONDS>")]
    [Description("How often to look at the run while waiting, in seconds (default 1).")]
    public double Poll { get; init; } = 1;
}
