using Capstan.Client;
using Capstan.Core.Errors;
using Spectre.Console.Cli;

namespace Capstan.Cli.Application;

/// <summary>A command that calls the server through <see cref="CapstanClient"/> and prints one result, as text or JSON.</summary>
/// <remarks>
/// A command's work returns a <see cref="Result{T}"/>; a failure becomes one error line and the exit code for its
/// <see cref="ErrorCode"/>. Arguments are checked inside that work before the first request.
/// </remarks>
/// <typeparam name="TSettings">The command's arguments and options.</typeparam>
/// <typeparam name="TOutput">What the command prints: the DTO that <c>--json</c> serializes.</typeparam>
/// <param name="terminal">Where the command writes.</param>
internal abstract class ClientCommand<TSettings, TOutput>(Terminal terminal) : AsyncCommand<TSettings>
    where TSettings : ClientSettings
{
    /// <summary>Where the command writes.</summary>
    protected Terminal Terminal => terminal;

    /// <inheritdoc />
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.ResolveServer().TryGetValue(out var server, out var error))
            return terminal.Fail(error);
        using var client = new CapstanClient(server) { User = Environment.UserName, ApiKey = settings.ResolveApiKey(server) };
        if (!(await RunAsync(client, settings, cancellationToken)).TryGetValue(out var output, out error))
            return terminal.Fail(error);
        if (settings.Json)
            terminal.WriteJson(output);
        else
            Render(output);
        return ExitCodes.Ok;
    }

    /// <summary>Checks the arguments and does the command's work.</summary>
    protected abstract Task<Result<TOutput>> RunAsync(CapstanClient client, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Prints the result for a person.</summary>
    protected abstract void Render(TOutput output);
}
