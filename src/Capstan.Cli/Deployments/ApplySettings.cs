using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Deployments;

/// <summary>The arguments of <c>capstan apply</c>.</summary>
internal sealed class ApplySettings : ClientSettings
{
    /// <summary>The deployment file.</summary>
    [CommandOption("-f|--file <FILE>")]
    [Description("The deployment file: YAML, or JSON (by its .json extension or a leading '{').")]
    public string File { get; init; } = "";

    /// <summary>Why the change is made.</summary>
    [CommandOption("--reason <TEXT>")]
    [Description("Why, kept in the deployment's history (default: 'capstan apply -f FILE').")]
    public string? Reason { get; init; }
}
