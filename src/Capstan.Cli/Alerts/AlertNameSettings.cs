using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Alerts;

/// <summary>The argument of a command about one alert rule: <c>NAME</c>.</summary>
internal class AlertNameSettings : ClientSettings
{
    /// <summary>The rule.</summary>
    [CommandArgument(0, "<NAME>")]
    [Description("The alert rule.")]
    public string Name { get; init; } = "";
}
