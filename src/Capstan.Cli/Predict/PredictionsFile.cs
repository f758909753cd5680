using System.Text;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Core.Serialization;

namespace Capstan.Cli.Predict;

/// <summary>Writes predictions to a file: CSV with the columns <c>row</c>, <c>version</c> and one per output (text as it is, other values as JSON), or JSON lines of the rows as <c>--json</c> prints them.</summary>
internal static class PredictionsFile
{
    /// <summary>Whether <paramref name="path"/> names a kind of file predictions can be written to.</summary>
    public static bool IsSupported(string path) => Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".jsonl" or ".ndjson";

    /// <summary>Writes <paramref name="predictions"/> to <paramref name="file"/> in the format the extension of <paramref name="path"/> names.</summary>
    public static async Task WriteAsync(Stream file, string path, IReadOnlyList<PredictedRow> predictions, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
            await WriteCsvAsync(writer, predictions, cancellationToken);
        else
        {
            foreach (var prediction in predictions)
                await writer.WriteLineAsync(JsonSerializer.Serialize(prediction, CapstanJson.Options).AsMemory(), cancellationToken);
        }
    }

    private static async Task WriteCsvAsync(StreamWriter writer, IReadOnlyList<PredictedRow> predictions, CancellationToken cancellationToken)
    {
        var outputs = predictions.SelectMany(p => p.Outputs.Keys).Distinct(StringComparer.Ordinal).ToList();
        await writer.WriteLineAsync(string.Join(',', ["row", "version", .. outputs.Select(CsvLine.Field)]).AsMemory(), cancellationToken);
        foreach (var prediction in predictions)
        {
            var cells = outputs.Select(name => prediction.Outputs.TryGetValue(name, out var value) ? CsvLine.Field(Text(value)) : "");
            await writer.WriteLineAsync(string.Join(',', [$"{prediction.Row}", $"{prediction.Version}", .. cells]).AsMemory(), cancellationToken);
        }
    }

    /// <summary>An output value as text: a string as it is, any other JSON value as written.</summary>
    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
