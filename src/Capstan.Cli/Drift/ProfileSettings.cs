using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Drift;

/// <summary>The arguments of <c>capstan profile</c>.</summary>
internal sealed class ProfileSettings : ReferenceSettings
{
    /// <summary>The training data file.</summary>
    [CommandOption("--data <FILE>")]
    [Description("The training data: CSV with a header line, or Parquet. A model with one vector input takes the columns in order; one with an input per column takes them by name.")]
    public string Data { get; init; } = "";
}
