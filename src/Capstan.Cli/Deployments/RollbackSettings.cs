using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Deployments;

/// <summary>The arguments of <c>capstan rollback</c>.</summary>
internal sealed class RollbackSettings : ModelSettings
{
    /// <summary>The revision to return to, or null for the one before the latest change.</summary>
    [CommandOption("--to <REVISION>")]
    [Description("The revision to return to (see 'capstan history NAME'); default: the one before the latest change.")]
    public long? ToRevision { get; init; }

    /// <summary>Why the rollback is made.</summary>
    [CommandOption("--reason <TEXT>")]
    [Description("Why, kept in the history (default: 'rollback to revision N').")]
    public string? Reason { get; init; }
}
