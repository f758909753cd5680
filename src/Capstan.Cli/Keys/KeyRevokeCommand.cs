using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Security;
using Spectre.Console;

namespace Capstan.Cli.Keys;

/// <summary><c>capstan keys revoke ID</c>: revokes an API key at once.</summary>
internal sealed class KeyRevokeCommand(Terminal terminal) : ClientCommand<KeyRevokeSettings, ApiKeyInfo>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<ApiKeyInfo>> RunAsync(CapstanClient client, KeyRevokeSettings settings, CancellationToken cancellationToken) =>
        client.RevokeKeyAsync(settings.Id, cancellationToken);

    /// <inheritdoc />
    protected override void Render(ApiKeyInfo output) =>
        Terminal.Output.MarkupLineInterpolated($"Revoked key {output.Id} ({output.Name}).");
}
