using System.ComponentModel;
using Spectre.Console.Cli;

namespace Capstan.Cli.Application;

/// <summary>The arguments of a command about one model, named by <c>NAME</c>.</summary>
internal class ModelSettings : ClientSettings
{
    /// <summary>The model name.</summary>
    [CommandArgument(0, "<NAME>")]
    [Description("The model name.")]
    public string Name { get; init; } = "";
}
