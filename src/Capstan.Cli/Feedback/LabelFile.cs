using System.Text;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;

namespace Capstan.Cli.Feedback;

/// <summary>Reads a file of labels, all of it, before anything is sent: a CSV file whose header names <c>request_id</c> and <c>label</c>, or JSON lines of <c>{"request_id": ..., "label": ...}</c>.</summary>
/// <remarks>
/// In CSV a label of <c>true</c> or <c>false</c> is a boolean, a number is a number and other text a class name; fields
/// may be quoted with <c>"</c> (a quote inside doubled). JSON lines keep the label's JSON type. Blank lines are skipped.
/// Every error names the file and line; a request id given twice in the file is an error.
/// </remarks>
internal static class LabelFile
{
    /// <summary>The most labels one file may hold.</summary>
    public const int MaxLabels = 10_000_000;

    /// <summary>The labels of <paramref name="path"/>, or the first thing wrong with it.</summary>
    public static async Task<Result<IReadOnlyList<GroundTruth>>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".jsonl" or ".ndjson"))
            return Error.InvalidInput($"--file '{path}' is neither a .csv nor a .jsonl file.");
        if (!File.Exists(path))
            return Error.InvalidInput($"The file '{path}' does not exist.");
        var name = Path.GetFileName(path);
        var labels = new List<GroundTruth>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        (int Id, int Label)? columns = extension == ".csv" ? null : (0, 0);
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, Encoding.UTF8, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (columns is null)
            {
                if (!Header(line).TryGetValue(out var header, out var error))
                    return At(name, number, error);
                columns = header;
                continue;
            }
            var read = extension == ".csv" ? CsvLabel(line, columns.Value) : JsonLabel(line);
            if (!read.TryGetValue(out var label, out var invalid))
                return At(name, number, invalid);
            if (!lines.TryAdd(label.RequestId, number))
                return At(name, number, Error.InvalidInput($"the request id '{NameRules.Printable(label.RequestId)}' is also on line {lines[label.RequestId]}; give each request id once."));
            if (labels.Count == MaxLabels)
                return Error.InvalidInput($"{name} has more than {MaxLabels:N0} labels; split it into smaller files.");
            labels.Add(label);
        }
        if (columns is null)
            return Error.InvalidInput($"{name} is empty; its first line must be the header request_id,label.");
        return labels.Count == 0 ? Error.InvalidInput($"{name} has no labels.") : labels;
    }

    private static Result<(int Id, int Label)> Header(string line)
    {
        if (!Fields(line).TryGetValue(out var fields, out var error))
            return error;
        var (id, label) = (fields.IndexOf("request_id"), fields.IndexOf("label"));
        return id < 0 || label < 0 || fields.Count != 2
            ? Error.InvalidInput($"the header is '{NameRules.Printable(line)}', not the two columns request_id and label.")
            : (id, label);
    }

    private static Result<GroundTruth> CsvLabel(string line, (int Id, int Label) columns)
    {
        if (!Fields(line).TryGetValue(out var fields, out var error))
            return error;
        if (fields.Count != 2)
            return Error.InvalidInput($"expected 2 fields (request_id,label), found {fields.Count}.");
        if (!FeedbackLimits.CheckRequestId(fields[columns.Id]).TryGetValue(out var id, out error)
            || !LabelValue.FromText(fields[columns.Label]).TryGetValue(out var label, out error))
            return error;
        return new GroundTruth(id, label);
    }

    private static Result<GroundTruth> JsonLabel(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 2 });
            return GroundTruth.FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            return Error.InvalidInput($"the line is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The fields of one CSV line, unquoting quoted ones.</summary>
    private static Result<List<string>> Fields(string line) => CsvLine.Split(line).Map(fields => fields.ConvertAll(field => field.Text));

    private static Error At(string file, int line, Error error) => Error.InvalidInput($"{file} line {line}: {error.Message}");
}
