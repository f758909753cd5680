using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Pipelines;

/// <summary>The argument of a command about one run: <c>ID</c>.</summary>
internal sealed class RunIdSettings : ClientSettings
{
    /// <summary>The run's id.</summary>
    [CommandArgument(0, "<ID>")]
    [Description("The run's id, as 'capstan runs' lists it.")]
    public string Id { get; init; } = "";
}
