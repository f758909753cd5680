using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Security;
using Spectre.Console;

namespace Capstan.Cli.Audit;

/// <summary><c>capstan audit</c>: lists the newest audit entries as a table, optionally about one model and since a time.</summary>
internal sealed class AuditCommand(Terminal terminal) : ClientCommand<AuditSettings, IReadOnlyList<AuditEntry>>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<IReadOnlyList<AuditEntry>>> RunAsync(CapstanClient client, AuditSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Limit is < 1 or > 1000)
            return Error.InvalidInput($"--limit {settings.Limit} is outside 1 to 1000.");
        DateTimeOffset? since = null;
        if (settings.Since is not null)
        {
            if (!TimeArguments.Since(settings.Since, DateTimeOffset.UtcNow, "--since").TryGetValue(out var moment, out var error))
                return error;
            since = moment;
        }
        return (await client.ListAuditAsync(settings.Model, since, settings.Limit, cancellationToken: cancellationToken)).Map(p => p.Items);
    }

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<AuditEntry> output) =>
        Terminal.Output.Write(Display.Table(output, "No audit entries.", ["#", "When", "Who", "Action", "Target", "From"], entry =>
        [
            entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Display.Time(entry.Time),
            Markup.Escape(entry.Actor.KeyId is null ? entry.Actor.Name : $"{entry.Actor.Name} ({entry.Actor.KeyId})"),
            Markup.Escape(entry.Action),
            Markup.Escape(entry.Target),
            Display.Text(entry.Actor.Address),
        ]));
}
