using System.Globalization;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Serialization;
using Capstan.Core.Serving;
using Spectre.Console;

namespace Capstan.Cli.Logs;

/// <summary><c>capstan logs NAME</c>: prints the requests a model's inference log holds for a time range, as a table, CSV or JSON lines.</summary>
internal sealed class LogsCommand(Terminal terminal) : ClientCommand<LogsSettings, IReadOnlyList<LoggedInference>>(terminal)
{
    private const int MaxLimit = 10_000;

    private static readonly string[] Columns = ["time", "request_id", "model", "version", "variant", "latency_ms", "inputs", "outputs"];

    private string _format = "table";

    /// <inheritdoc />
    protected override async Task<Result<IReadOnlyList<LoggedInference>>> RunAsync(CapstanClient client, LogsSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Format is not ("table" or "csv" or "json"))
            return Error.InvalidInput($"--format '{settings.Format}' is not one of table, csv or json.");
        if (settings.Limit is < 1 or > MaxLimit)
            return Error.InvalidInput($"--limit {settings.Limit} is outside 1 to {MaxLimit}.");
        var now = DateTimeOffset.UtcNow;
        if (!TimeArguments.Since(settings.Since, now, "--since").TryGetValue(out var since, out var error))
            return error;
        DateTimeOffset? until = null;
        if (settings.Until is not null)
        {
            if (!TimeArguments.Since(settings.Until, now, "--until").TryGetValue(out var moment, out error))
                return error;
            until = moment;
        }
        _format = settings.Format;
        return await client.ReadInferenceLogAsync(settings.Name, since, until, settings.Limit, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<LoggedInference> output)
    {
        var writer = Terminal.Output.Profile.Out.Writer;
        switch (_format)
        {
            case "json":
                foreach (var record in output)
                    writer.WriteLine(JsonSerializer.Serialize(record, CapstanJson.Options));
                break;
            case "csv":
                writer.WriteLine(string.Join(',', Columns));
                foreach (var record in output)
                    writer.WriteLine(string.Join(',', Fields(record).Select(CsvLine.Field)));
                break;
            default:
                Terminal.Output.Write(Display.Table(output, "No logged requests in that time.", ["When", "Request", "Version", "Variant", "ms", "Outputs"], record =>
                [
                    Display.Time(record.Time),
                    Markup.Escape(record.RequestId),
                    Markup.Escape(record.Version),
                    Markup.Escape(record.Variant),
                    record.LatencyMs.ToString("0.000", CultureInfo.InvariantCulture),
                    Markup.Escape(Shorten(record.Outputs.GetRawText())),
                ]));
                break;
        }
    }

    private static string[] Fields(LoggedInference record) =>
    [
        record.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), record.RequestId, record.Model, record.Version, record.Variant,
        record.LatencyMs.ToString("R", CultureInfo.InvariantCulture), record.Inputs.GetRawText(), record.Outputs.GetRawText(),
    ];

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
