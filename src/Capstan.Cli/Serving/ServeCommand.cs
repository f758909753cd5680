using Capstan.Cli.Application;
using Capstan.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Spectre.Console.Cli;

namespace Capstan.Cli.Serving;

/// <summary><c>capstan serve</c>: runs the Capstan server in this process until Ctrl+C.</summary>
internal sealed class ServeCommand(Terminal terminal) : AsyncCommand<ServeSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.ToServerOptions().TryGetValue(out var options, out var error))
            return terminal.Fail(error);
        if (!(await CapstanServer.BuildAsync(options, cancellationToken)).TryGetValue(out var server, out error))
            return terminal.Fail(error);
        await using (server)
            await server.RunAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
