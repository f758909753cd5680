using System.Globalization;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Spectre.Console;

namespace Capstan.Cli.Predict;

/// <summary><c>capstan predict NAME --input FILE</c>: runs the deployed model on the rows of a file, in requests of <c>--chunk-size</c> rows, and prints each row's outputs or writes them to <c>--output</c>.</summary>
/// <remarks>
/// The file is read and checked whole before the first request, which goes through the tabular predict call (columns
/// mapped onto the model's inputs by name). If a request fails, nothing is printed but the error, which names the rows of the failed request. A
/// deployment that splits traffic may answer chunks from different versions, so every row names its version. A
/// progress bar follows a file of more than one request when a person is watching.
/// </remarks>
internal sealed class PredictCommand(Terminal terminal) : ClientCommand<PredictSettings, PredictionsSummary>(terminal)
{
    private const int MaxCellLength = 60;

    private string? _written;

    /// <inheritdoc />
    protected override async Task<Result<PredictionsSummary>> RunAsync(CapstanClient client, PredictSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Input is null)
            return Error.InvalidInput("Give the rows to predict with --input FILE (.csv, .json or .jsonl).");
        if (settings.ChunkSize < 1 || settings.ChunkSize > PredictSettings.MaxChunkSize)
            return Error.InvalidInput($"--chunk-size {settings.ChunkSize} is outside 1 to {PredictSettings.MaxChunkSize}.");
        if (settings.Output is { } output && !PredictionsFile.IsSupported(output))
            return Error.InvalidInput($"--output '{output}' is not a .csv or .jsonl file.");
        if (!(await InstanceFile.ReadAsync(settings.Input, cancellationToken)).TryGetValue(out var rows, out var error))
            return error;
        if (!(await PredictAsync(client, settings, rows, cancellationToken)).TryGetValue(out var summary, out error))
            return error;
        if (settings.Output is { } path)
        {
            var written = await WholeFile.WriteAsync(path, "the predictions", (file, token) => PredictionsFile.WriteAsync(file, path, summary.Predictions, token), cancellationToken);
            if (!written.TryGetValue(out _written, out error))
                return error;
        }
        return summary;
    }

    /// <inheritdoc />
    protected override void Render(PredictionsSummary output)
    {
        var versions = output.Predictions.GroupBy(p => p.Version).OrderBy(g => g.Key).ToList();
        var by = string.Join(" and ", versions.Select(g => versions.Count == 1
            ? $"{output.Model}:{g.Key}"
            : $"{output.Model}:{g.Key} ({g.Count():N0} row{(g.Count() == 1 ? "" : "s")})"));
        var predicted = $"Predicted {output.Predictions.Count:N0} row{(output.Predictions.Count == 1 ? "" : "s")} with {by}";
        if (_written is not null)
        {
            Terminal.Output.MarkupLine(Markup.Escape($"{predicted}; wrote them to {_written}."));
            return;
        }
        var outputs = output.Predictions[0].Outputs.Keys.ToList();
        string[] columns = ["row", .. versions.Count > 1 ? ["version"] : Array.Empty<string>(), .. outputs];
        Terminal.Output.Write(Display.Table(output.Predictions, "No predictions.", columns, prediction =>
        [
            prediction.Row.ToString(CultureInfo.InvariantCulture),
            .. versions.Count > 1 ? [prediction.Version.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
            .. outputs.Select(name => prediction.Outputs.TryGetValue(name, out var value) ? Cell(value) : "-"),
        ]));
        Terminal.Output.MarkupLine(Markup.Escape($"{predicted}."));
    }

    private Task<Result<PredictionsSummary>> PredictAsync(
        CapstanClient client, PredictSettings settings, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken)
    {
        var chunks = rows.Chunk(settings.ChunkSize).ToList();
        if (settings.Json || !Terminal.IsInteractive || chunks.Count < 2)
            return PredictAllAsync(client, settings.Name, chunks, rows.Count, null, cancellationToken);
        return Terminal.Output.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(context => PredictAllAsync(client, settings.Name, chunks, rows.Count,
                context.AddTask(Markup.Escape($"Predicting with {settings.Name}"), maxValue: rows.Count), cancellationToken));
    }

    private static async Task<Result<PredictionsSummary>> PredictAllAsync(
        CapstanClient client, string model, List<IReadOnlyDictionary<string, object?>[]> chunks, int total, ProgressTask? progress, CancellationToken cancellationToken)
    {
        var predictions = new List<PredictedRow>(total);
        foreach (var chunk in chunks)
        {
            if (!(await client.PredictAsync(model, chunk, cancellationToken)).TryGetValue(out var answer, out var error))
            {
                return chunks.Count == 1
                    ? error
                    : error with { Message = $"Rows {predictions.Count + 1:N0} to {predictions.Count + chunk.Length:N0} of the file: {error.Message}" };
            }
            foreach (var outputs in answer.Rows)
                predictions.Add(new PredictedRow(predictions.Count + 1, answer.Version, outputs));
            progress?.Increment(chunk.Length);
        }
        return new PredictionsSummary(model, predictions);
    }

    /// <summary>A value for a table cell: text as it is, other JSON as written, cut to <see cref="MaxCellLength"/> characters.</summary>
    private static string Cell(JsonElement value)
    {
        var text = PredictionsFile.Text(value);
        return Markup.Escape(text.Length <= MaxCellLength ? text : text[..(MaxCellLength - 1)] + "…");
    }
}
