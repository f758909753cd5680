using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Serving;
using Spectre.Console;

namespace Capstan.Cli.Deployments;

/// <summary><c>capstan status</c>: the server's loaded versions with their share of traffic (or shadow, or draining), state, memory, queue, errors, latency and batch statistics.</summary>
internal sealed class StatusCommand(Terminal terminal) : ClientCommand<ClientSettings, ServerStatus>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<ServerStatus>> RunAsync(CapstanClient client, ClientSettings settings, CancellationToken cancellationToken) =>
        client.GetStatusAsync(cancellationToken);

    /// <inheritdoc />
    protected override void Render(ServerStatus output)
    {
        Terminal.Output.MarkupLine(output.Ready ? "Server [green]ready[/]." : "Server [yellow]starting[/]: deployments not reconciled yet.");
        Terminal.Output.Write(Display.Table(output.Models, "No models loaded.",
            ["Model", "Version", "Traffic", "State", "Format", "Memory", "In flight", "Queued", "Requests", "Errors", "p99 ms", "Batches", "Rows/batch", "Rejected"], m =>
            [
                Markup.Escape(m.Model),
                m.Version.ToString(CultureInfo.InvariantCulture),
                Role(m),
                m.State,
                m.Format,
                Display.Bytes(m.MemoryBytes),
                m.InFlight.ToString(CultureInfo.InvariantCulture),
                m.Queued.ToString(CultureInfo.InvariantCulture),
                m.Requests.ToString(CultureInfo.InvariantCulture),
                (m.Traffic?.Errors ?? 0).ToString(CultureInfo.InvariantCulture),
                m.Traffic is { Requests: > 0 } traffic ? traffic.P99Milliseconds.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                m.Batches.ToString(CultureInfo.InvariantCulture),
                m.MeanBatchRows.ToString("0.0", CultureInfo.InvariantCulture),
                m.Rejected.ToString(CultureInfo.InvariantCulture),
            ]));
    }

    private static string Role(LoadedModelStatus model) => model switch
    {
        { Weight: { } weight } => $"{weight}%",
        { ShadowPercent: { } percent } => $"[blue]shadow {percent}%[/]",
        _ => "[grey]draining[/]",
    };
}
