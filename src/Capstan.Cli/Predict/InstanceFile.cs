using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Capstan.Cli.Application;
using Capstan.Core.Errors;

namespace Capstan.Cli.Predict;

/// <summary>Reads the rows to predict, all of them, before anything is sent: a CSV file with a header of column names, a JSON file of <c>{"instances": [...]}</c> or a bare array of row objects, or JSON lines of row objects.</summary>
/// <remarks>
/// In CSV a cell that is a JSON array is sent as an array (a vector column; quote it, since it holds commas), an
/// unquoted cell that is a JSON number, <c>true</c> or <c>false</c> as that value, any other quoted cell as text (so
/// <c>"123"</c> stays text), and an empty unquoted cell leaves the column out of that row. JSON
/// values are sent as written. Blank lines are skipped. Every error names the file and the line or instance.
/// </remarks>
internal static partial class InstanceFile
{
    /// <summary>The most rows one file may hold.</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>The largest file read, in bytes.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The rows of <paramref name="path"/>, or the first thing wrong with it.</summary>
    public static async Task<Result<IReadOnlyList<IReadOnlyDictionary<string, object?>>>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".json" or ".jsonl" or ".ndjson"))
            return Error.InvalidInput($"--input '{path}' is not a .csv, .json or .jsonl file.");
        if (!File.Exists(path))
            return Error.InvalidInput($"The file '{path}' does not exist.");
        var name = Path.GetFileName(path);
        if (new FileInfo(path).Length > MaxBytes)
            return Error.InvalidInput($"{name} is larger than {MaxBytes / (1024 * 1024)} MiB; split it into smaller files.");
        var rows = extension switch
        {
            ".csv" => await ReadCsvAsync(path, name, cancellationToken),
            ".json" => ReadJson(await File.ReadAllBytesAsync(path, cancellationToken), name),
            _ => await ReadJsonLinesAsync(path, name, cancellationToken),
        };
        return rows.Then<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(list => list.Count == 0 ? Error.InvalidInput($"{name} has no rows.") : list);
    }

    private static async Task<Result<List<IReadOnlyDictionary<string, object?>>>> ReadCsvAsync(string path, string name, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        List<string>? columns = null;
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, Encoding.UTF8, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (!CsvLine.Split(line).TryGetValue(out var fields, out var error))
                return At(name, "line", number, error);
            if (columns is null)
            {
                if (!Header(fields).TryGetValue(out columns, out error))
                    return At(name, "line", number, error);
                continue;
            }
            if (fields.Count != columns.Count)
                return At(name, "line", number, Error.InvalidInput($"expected {columns.Count} fields, as the header has, found {fields.Count}."));
            var row = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < fields.Count; i++)
            {
                if (Cell(fields[i]) is { } value)
                    row[columns[i]] = value;
            }
            if (!Add(rows, row, name).TryGetValue(out _, out error))
                return error;
        }
        return columns is null ? Error.InvalidInput($"{name} is empty; its first line must be a header of column names.") : rows;
    }

    private static Result<List<string>> Header(List<CsvField> fields)
    {
        var columns = fields.ConvertAll(field => field.Text);
        if (columns.FindIndex(string.IsNullOrWhiteSpace) is var blank and >= 0)
            return Error.InvalidInput($"the header's column {blank + 1} has no name.");
        var repeated = columns.GroupBy(column => column, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        return repeated is null ? columns : Error.InvalidInput($"the header names the column '{repeated.Key}' twice.");
    }

    /// <summary>A CSV cell's value: an array when it is a JSON array, text when quoted, null (left out) when empty, a number or boolean when it is one in JSON, text otherwise.</summary>
    private static object? Cell(CsvField field)
    {
        var text = field.Text;
        if (text.StartsWith('[') && Array(text) is { } array)
            return array;
        if (field.Quoted)
            return text;
        if (text.Length == 0)
            return null;
        if (text is "true" or "false")
            return text == "true";
        return JsonNumber().IsMatch(text) ? JsonSerializer.Deserialize<JsonElement>(text) : text;
    }

    private static JsonElement? Array(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(text) is { ValueKind: JsonValueKind.Array } array ? array : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Result<List<IReadOnlyDictionary<string, object?>>> ReadJson(byte[] content, string name)
    {
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(content);
        }
        catch (JsonException e)
        {
            return Error.InvalidInput($"{name} is not valid JSON: {e.Message}");
        }
        var instances = root;
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("instances", out instances))
            return Error.InvalidInput($"{name} has no 'instances'; give {{\"instances\": [{{\"column\": value, ...}}, ...]}} or an array of row objects.");
        if (instances.ValueKind != JsonValueKind.Array)
            return Error.InvalidInput($"{name}: the instances are {Kind(instances)}, not an array of row objects.");
        var rows = new List<IReadOnlyDictionary<string, object?>>(instances.GetArrayLength());
        foreach (var instance in instances.EnumerateArray())
        {
            if (!Row(instance).TryGetValue(out var row, out var error))
                return At(name, "instance", rows.Count + 1, error);
            if (!Add(rows, row, name).TryGetValue(out _, out error))
                return error;
        }
        return rows;
    }

    private static async Task<Result<List<IReadOnlyDictionary<string, object?>>>> ReadJsonLinesAsync(string path, string name, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, Encoding.UTF8, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            Result<Dictionary<string, object?>> row;
            try
            {
                row = Row(JsonSerializer.Deserialize<JsonElement>(line));
            }
            catch (JsonException e)
            {
                row = Error.InvalidInput($"the line is not valid JSON: {e.Message}");
            }
            if (!row.TryGetValue(out var values, out var error))
                return At(name, "line", number, error);
            if (!Add(rows, values, name).TryGetValue(out _, out error))
                return error;
        }
        return rows;
    }

    private static Result<Dictionary<string, object?>> Row(JsonElement instance) =>
        instance.ValueKind == JsonValueKind.Object
            ? instance.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal)
            : Error.InvalidInput($"the row is {Kind(instance)}, not an object of column values.");

    private static Result<bool> Add(List<IReadOnlyDictionary<string, object?>> rows, IReadOnlyDictionary<string, object?> row, string name)
    {
        if (rows.Count == MaxRows)
            return Error.InvalidInput($"{name} has more than {MaxRows:N0} rows; split it into smaller files.");
        rows.Add(row);
        return true;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static Error At(string file, string unit, int number, Error error) => Error.InvalidInput($"{file} {unit} {number}: {error.Message}");

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
