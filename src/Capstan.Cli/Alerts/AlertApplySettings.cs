using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Alerts;

/// <summary>The arguments of <c>capstan alert apply</c>.</summary>
internal sealed class AlertApplySettings : ClientSettings
{
    /// <summary>The rules file.</summary>
    [CommandOption("-f|--file <FILE>")]
    [Description("The rules file: YAML, or JSON (by its .json extension or a leading '{'), with a list under 'rules'.")]
    public string File { get; init; } = "";
}
