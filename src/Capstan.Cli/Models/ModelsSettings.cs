using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Models;

/// <summary>The arguments of <c>capstan models</c>.</summary>
internal sealed class ModelsSettings : ClientSettings
{
    /// <summary>Only models whose name starts with this.</summary>
    [CommandOption("--prefix <PREFIX>")]
    [Description("Only models whose name starts with this.")]
    public string? Prefix { get; init; }

    /// <summary>Only models with this tag.</summary>
    [CommandOption("--tag <KEY[=VALUE]>")]
    [Description("Only models with this tag, or with this tag set to this value.")]
    public string? Tag { get; init; }
}
