using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Security;
using Spectre.Console;

namespace Capstan.Cli.Keys;

/// <summary><c>capstan keys create --role R</c>: creates an API key and prints its secret, the one time it is shown.</summary>
internal sealed class KeyCreateCommand(Terminal terminal) : ClientCommand<KeyCreateSettings, CreatedApiKey>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<CreatedApiKey>> RunAsync(CapstanClient client, KeyCreateSettings settings, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Role>(settings.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role) || settings.Role.Any(char.IsDigit))
            return Error.InvalidInput($"--role '{settings.Role}' is not one of viewer, predictor, deployer or admin.");
        long? expires = null;
        if (settings.Expires is not null)
        {
            if (!TimeArguments.Duration(settings.Expires, "--expires").TryGetValue(out var lifetime, out var error))
                return error;
            expires = (long)lifetime.TotalSeconds;
        }
        var models = settings.Models?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return await client.CreateKeyAsync(new ApiKeyRequest(settings.Name, role, models, expires), cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(CreatedApiKey output)
    {
        Terminal.Output.MarkupLineInterpolated($"Created key {output.Key.Id} ({output.Key.Name}, {Display.Name(output.Key.Role)}).");
        Terminal.Output.MarkupLine("[yellow]Copy the key now: it will not be shown again.[/]");
        Terminal.Output.Profile.Out.Writer.WriteLine(output.Secret);
    }
}
