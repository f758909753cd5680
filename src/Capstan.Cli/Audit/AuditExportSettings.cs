using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Audit;

/// <summary>The arguments of <c>capstan audit export</c>.</summary>
internal sealed class AuditExportSettings : ClientSettings
{
    /// <summary>The file to write, or null for standard output.</summary>
    [CommandOption("-o|--output <FILE>")]
    [Description("Write to this file instead of standard output.")]
    public string? Output { get; init; }
}
