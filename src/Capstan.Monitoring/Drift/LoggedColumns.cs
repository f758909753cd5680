using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Capstan.Core.Monitoring;
using Capstan.Core.Serving;
using Capstan.Monitoring.Profiles;

namespace Capstan.Monitoring.Drift;

/// <summary>The values of a profile's columns in logged requests (or their answers), one per logged row: the tensors turned back into the columns the profile was made of.</summary>
/// <remarks>
/// A logged tensor's first dimension counts its rows; column (tensor, index) is the value at that index within each
/// row. A row whose request left the tensor out, or whose value is missing, holds NaN (numeric) or null (categorical);
/// so do infinite numbers. A tensor the log redacted is counted as such, so that the column can say why it was not tested.
/// Records are read in parallel, each into its own rows.
/// </remarks>
internal sealed class LoggedColumns
{
    private LoggedColumns(int rows, int count)
    {
        Rows = rows;
        Numbers = new double[count][];
        Labels = new string?[count][];
        Redacted = new bool[count];
    }

    /// <summary>How many rows the records held.</summary>
    public int Rows { get; }

    /// <summary>Each numeric column's values (NaN where missing); null for categorical columns.</summary>
    public double[]?[] Numbers { get; }

    /// <summary>Each categorical column's values (null where missing); null for numeric columns.</summary>
    public string?[]?[] Labels { get; }

    /// <summary>Whether any record had the column's tensor redacted.</summary>
    public bool[] Redacted { get; }

    /// <summary>Reads <paramref name="columns"/> from the tensors <paramref name="tensors"/> picks out of each record (its inputs or its outputs).</summary>
    public static LoggedColumns Extract<TRecord>(IReadOnlyList<TRecord> records, IReadOnlyList<ProfiledColumn> columns, Func<TRecord, JsonElement> tensors)
    {
        var offsets = new int[records.Count + 1];
        for (var r = 0; r < records.Count; r++)
            offsets[r + 1] = offsets[r] + RowsOf(tensors(records[r]));
        var rows = offsets[^1];
        var extracted = new LoggedColumns(rows, columns.Count);
        var byTensor = new Dictionary<string, List<(int Column, int Index)>>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Profile.Kind == FeatureKind.Numeric)
                Array.Fill(extracted.Numbers[c] = new double[rows], double.NaN);
            else
                extracted.Labels[c] = new string?[rows];
            (byTensor.TryGetValue(columns[c].Tensor, out var list) ? list : byTensor[columns[c].Tensor] = []).Add((c, columns[c].Index));
        }
        Parallel.ForEach(Partitioner.Create(0, records.Count), range =>
        {
            for (var r = range.Item1; r < range.Item2; r++)
            {
                foreach (var tensor in tensors(records[r]).EnumerateArray())
                {
                    if (tensor.TryGetProperty("name", out var name) && byTensor.TryGetValue(name.GetString() ?? "", out var wanted))
                        extracted.Read(tensor, wanted, offsets[r], offsets[r + 1] - offsets[r]);
                }
            }
        });
        return extracted;
    }

    /// <summary>How many present values column <paramref name="column"/> holds.</summary>
    public int Present(int column) =>
        Numbers[column] is { } numbers ? numbers.Count(v => !double.IsNaN(v)) : Labels[column]!.Count(v => v is not null);

    private void Read(JsonElement tensor, List<(int Column, int Index)> wanted, int offset, int rows)
    {
        if (RowsOf(tensor) != rows || !tensor.TryGetProperty("data", out var data))
            return;
        if (data.ValueKind != JsonValueKind.Array)
        {
            foreach (var (column, _) in wanted)
                Redacted[column] = true;
            return;
        }
        var width = data.GetArrayLength() / rows;
        if (width == 0)
            return;
        var columnAt = new int[width];
        Array.Fill(columnAt, -1);
        foreach (var (column, index) in wanted)
        {
            if (index < width)
                columnAt[index] = column;
        }
        var position = 0;
        foreach (var element in data.EnumerateArray())
        {
            var row = position / width;
            var column = columnAt[position % width];
            position++;
            if (column < 0 || row >= rows)
                continue;
            if (Numbers[column] is { } numbers)
                numbers[offset + row] = NumberOf(element);
            else
                Labels[column]![offset + row] = LabelOf(element);
        }
    }

    /// <summary>The rows of a tensor (its first dimension, 1 for a scalar), or of an array of tensors (its first tensor's).</summary>
    private static int RowsOf(JsonElement tensorOrArray)
    {
        var tensor = tensorOrArray;
        if (tensorOrArray.ValueKind == JsonValueKind.Array)
        {
            if (tensorOrArray.GetArrayLength() == 0)
                return 0;
            tensor = tensorOrArray[0];
        }
        return tensor.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() > 0
            ? (int)Math.Max(0, shape[0].GetInt64())
            : 1;
    }

    private static double NumberOf(JsonElement element)
    {
        var value = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
        return double.IsFinite(value) ? value : double.NaN;
    }

    private static string? LabelOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Number => FeatureProfiler.Label(element.GetDouble()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
