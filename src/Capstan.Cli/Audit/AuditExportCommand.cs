using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Spectre.Console;

namespace Capstan.Cli.Audit;

/// <summary><c>capstan audit export [-o FILE]</c>: writes every audit entry, oldest first, as JSON lines.</summary>
/// <remarks>Without <c>-o</c> the lines go to standard output and nothing else is printed; with it, a line says how much was written.</remarks>
internal sealed class AuditExportCommand(Terminal terminal) : ClientCommand<AuditExportSettings, long>(terminal)
{
    private string? _output;

    /// <inheritdoc />
    protected override async Task<Result<long>> RunAsync(CapstanClient client, AuditExportSettings settings, CancellationToken cancellationToken)
    {
        _output = settings.Output;
        if (settings.Output is null)
        {
            var console = Terminal.Output.Profile.Out.Writer;
            using var buffer = new MemoryStream();
            var copied = await client.ExportAuditAsync(buffer, cancellationToken);
            await console.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            return copied;
        }
        await using var file = File.Create(settings.Output);
        return await client.ExportAuditAsync(file, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(long output)
    {
        if (_output is not null)
            Terminal.Output.MarkupLineInterpolated($"Wrote {Display.Bytes(output)} of audit entries to {_output}.");
    }
}
