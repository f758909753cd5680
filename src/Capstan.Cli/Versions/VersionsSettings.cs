using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Versions;

/// <summary>The arguments of <c>capstan versions</c>.</summary>
internal sealed class VersionsSettings : ModelSettings
{
    /// <summary>Whether archived versions are listed too.</summary>
    [CommandOption("--all")]
    [Description("List archived versions too.")]
    public bool All { get; init; }
}
