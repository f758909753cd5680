using System.ComponentModel;
using Capstan.Core.Errors;
using Capstan.Server.Security;
using Spectre.Console.Cli;

namespace Capstan.Cli.Application;

/// <summary>The options every command that talks to a server takes: <c>--server</c> and <c>--json</c>.</summary>
internal class ClientSettings : CommandSettings
{
    /// <summary>The server's address, when given on the command line.</summary>
    [CommandOption("--server <URL>")]
    [Description("The Capstan server (default: $CAPSTAN_URL, then http://127.0.0.1:8080).")]
    public string? Server { get; init; }

    /// <summary>The API key, when given on the command line.</summary>
    [CommandOption("--api-key <KEY>")]
    [Description("The API key (default: $CAPSTAN_API_KEY, then the server's entry in the credentials file).")]
    public string? ApiKey { get; init; }

    /// <summary>Whether to print the result as JSON instead of text for people.</summary>
    [CommandOption("--json")]
    [Description("Print the result as JSON.")]
    public bool Json { get; init; }

    /// <summary>The server to talk to: <see cref="Server"/>, then <c>CAPSTAN_URL</c>, then the local default.</summary>
    public Result<Uri> ResolveServer() =>
        ServerAddress.Resolve(Server, Environment.GetEnvironmentVariable(ServerAddress.EnvironmentVariable));

    /// <summary>The key to send to <paramref name="server"/>: <see cref="ApiKey"/>, then <c>CAPSTAN_API_KEY</c>, then the credentials file; null for none.</summary>
    public string? ResolveApiKey(Uri server) =>
        ApiKey ?? (Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable) is { Length: > 0 } key ? key : CredentialsFile.Read(CredentialsFile.DefaultPath(), server));

    /// <summary>The environment variable that holds the API key when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyEnvironmentVariable = "CAPSTAN_API_KEY";
}
