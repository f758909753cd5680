using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Aliases;

/// <summary>The arguments of <c>capstan alias set REF ALIAS</c>.</summary>
internal sealed class AliasSetSettings : ReferenceSettings
{
    /// <summary>The alias to point at the version.</summary>
    [CommandArgument(1, "<ALIAS>")]
    [Description("The alias to point at the version, such as champion.")]
    public string Alias { get; init; } = "";
}
