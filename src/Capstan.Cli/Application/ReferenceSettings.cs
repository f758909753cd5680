using System.ComponentModel;
using Spectre.Console.Cli;

namespace Capstan.Cli.Application;

/// <summary>The arguments of a command about one version, named by a reference.</summary>
internal class ReferenceSettings : ClientSettings
{
    /// <summary>The version: <c>name</c> (the latest), <c>name:N</c> or <c>name@alias</c>.</summary>
    [CommandArgument(0, "<REF>")]
    [Description("The version: name (the latest), name:N or name@alias.")]
    public string Reference { get; init; } = "";
}
