using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Keys;

/// <summary>The arguments of <c>capstan keys create</c>.</summary>
internal sealed class KeyCreateSettings : ClientSettings
{
    /// <summary>The key's role.</summary>
    [CommandOption("--role <ROLE>")]
    [Description("What the key may do: viewer, predictor, deployer or admin.")]
    public string Role { get; init; } = "";

    /// <summary>A name for people.</summary>
    [CommandOption("--name <NAME>")]
    [Description("A name for people, such as ci-pipeline (default: key).")]
    public string Name { get; init; } = "key";

    /// <summary>The models to narrow the key to, comma-separated.</summary>
    [CommandOption("--models <A,B>")]
    [Description("Narrow the key to these models, comma-separated (default: every model).")]
    public string? Models { get; init; }

    /// <summary>How long the key works.</summary>
    [CommandOption("--expires <DURATION>")]
    [Description("How long the key works, such as 30d or 12h (default: until revoked).")]
    public string? Expires { get; init; }
}
