using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Rollouts;

/// <summary>The arguments of <c>capstan rollout pause|resume|promote|abort NAME</c>.</summary>
internal sealed class RolloutSettings : ModelSettings
{
    /// <summary>Why the decision is made.</summary>
    [CommandOption("--reason <TEXT>")]
    [Description("Why, kept in the rollout's history.")]
    public string? Reason { get; init; }
}
