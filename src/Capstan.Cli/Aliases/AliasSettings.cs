using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Aliases;

/// <summary>The arguments of a command about one alias of a model: <c>NAME ALIAS</c>.</summary>
internal sealed class AliasSettings : ModelSettings
{
    /// <summary>The alias.</summary>
    [CommandArgument(1, "<ALIAS>")]
    [Description("The alias, such as champion.")]
    public string Alias { get; init; } = "";
}
