using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Keys;

/// <summary>The arguments of <c>capstan keys revoke</c>.</summary>
internal sealed class KeyRevokeSettings : ClientSettings
{
    /// <summary>The id of the key to revoke.</summary>
    [CommandArgument(0, "<ID>")]
    [Description("The key's id, as keys list shows it.")]
    public string Id { get; init; } = "";
}
