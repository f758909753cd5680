using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Pipelines;

/// <summary>The arguments of <c>capstan pipeline apply</c>.</summary>
internal sealed class PipelineApplySettings : ClientSettings
{
    /// <summary>The spec file.</summary>
    [CommandOption("-f|--file <FILE>")]
    [Description("The pipeline spec: YAML, or JSON; its 'name' is the pipeline's name.")]
    public string File { get; init; } = "";
}
