using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Security;
using Spectre.Console;

namespace Capstan.Cli.Keys;

/// <summary><c>capstan keys list</c>: lists every API key with its role, models, expiry and revocation; never a secret.</summary>
internal sealed class KeysListCommand(Terminal terminal) : ClientCommand<ClientSettings, IReadOnlyList<ApiKeyInfo>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<ApiKeyInfo>>> RunAsync(CapstanClient client, ClientSettings settings, CancellationToken cancellationToken) =>
        client.ListKeysAsync(cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<ApiKeyInfo> output) =>
        Terminal.Output.Write(Display.Table(output, "No keys.", ["Id", "Name", "Role", "Models", "Created", "By", "Expires", "Revoked"], key =>
        [
            key.Id,
            Markup.Escape(key.Name),
            Display.Name(key.Role),
            key.Models is null ? "all" : Display.List(key.Models),
            Display.Time(key.CreatedAt),
            Markup.Escape(key.CreatedBy),
            key.ExpiresAt is { } expires ? Display.Time(expires) : "never",
            key.RevokedAt is { } revoked ? $"{Display.Time(revoked)} by {Markup.Escape(key.RevokedBy ?? "")}" : "-",
        ]));
}
