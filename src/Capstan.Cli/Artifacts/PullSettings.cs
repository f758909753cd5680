using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Artifacts;

/// <summary>The arguments of <c>capstan pull</c>.</summary>
internal sealed class PullSettings : ReferenceSettings
{
    /// <summary>The file to write, or null for <c>name-N.onnx</c> (or <c>.zip</c>) in the current directory.</summary>
    [CommandOption("-o|--output <FILE>")]
    [Description("The file to write (default: name-N.onnx or name-N.zip).")]
    public string? Output { get; init; }
}
