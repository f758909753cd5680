using System.ComponentModel;
using Capstan.Core.Errors;
using Spectre.Console.Cli;

namespace Capstan.Cli.Application;

/// <summary>The options every command that talks to a server takes: <c>--server</c> and <c>--json</c>.</summary>
internal class ClientSettings : CommandSettings
{
    /// <summary>The server's address, when given on the command line.</summary>
    [CommandOption("--server <URL>")]
    [Description("The Capstan server (default: $CAPSTAN_URL, then http://127.0.0.1:8080).")]
    public string? Server { get; init; }

    /// <summary>Whether to print the result as JSON instead of text for people.</summary>
    [CommandOption("--json")]
    [Description("Print the result as JSON.")]
    public bool Json { get; init; }

    /// <summary>The server to talk to: <see cref="Server"/>, then <c>CAPSTAN_URL</c>, then the local default.</summary>
    public Result<Uri> ResolveServer() =>
        ServerAddress.Resolve(Server, Environment.GetEnvironmentVariable(ServerAddress.EnvironmentVariable));
}
