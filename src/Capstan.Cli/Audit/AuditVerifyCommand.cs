using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Security;
using Spectre.Console;

namespace Capstan.Cli.Audit;

/// <summary><c>capstan audit verify</c>: has the server recompute the hash chain; exits 0 when intact, and 4 with the problem otherwise.</summary>
internal sealed class AuditVerifyCommand(Terminal terminal) : ClientCommand<ClientSettings, AuditVerification>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<AuditVerification>> RunAsync(CapstanClient client, ClientSettings settings, CancellationToken cancellationToken)
    {
        if (!(await client.VerifyAuditAsync(cancellationToken)).TryGetValue(out var verification, out var error))
            return error;
        return verification.Intact
            ? verification
            : Error.Conflict($"The audit trail is broken ({Display.Name(verification.Problem!.Value)} at entry {verification.Sequence}): {verification.Message}");
    }

    /// <inheritdoc />
    protected override void Render(AuditVerification output) => Terminal.Output.MarkupLine($"[green]{Markup.Escape(output.Message)}[/]");
}
