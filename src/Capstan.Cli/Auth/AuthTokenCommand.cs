using Capstan.Cli.Application;
using Capstan.Core.Errors;
using Capstan.Server.Security;
using Spectre.Console.Cli;

namespace Capstan.Cli.Auth;

/// <summary><c>capstan auth token</c>: prints the API key the CLI sends to the server, for use in other tools (<c>curl -H "Authorization: Bearer $(capstan auth token)"</c>).</summary>
internal sealed class AuthTokenCommand(Terminal terminal) : Command<ClientSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ClientSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.ResolveServer().TryGetValue(out var server, out var error))
            return terminal.Fail(error);
        if (settings.ResolveApiKey(server) is not { } key)
            return terminal.Fail(Error.NotFound(
                $"No API key for {CredentialsFile.Key(server)}: pass --api-key, set {ClientSettings.ApiKeyEnvironmentVariable}, " +
                $"or add it to {CredentialsFile.DefaultPath()} (the server's first start does)."));
        terminal.Output.Profile.Out.Writer.WriteLine(key);
        return ExitCodes.Ok;
    }
}
