using System.Numerics;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Signatures;
using Parquet;
using Parquet.Schema;

namespace Capstan.Monitoring.Profiles;

/// <summary>Reads the mapped columns of a Parquet file: numbers of any width, booleans, decimals and strings, one value per row.</summary>
internal static class ParquetTable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    /// <summary>Reads <paramref name="file"/> (seekable) for <paramref name="signature"/>.</summary>
    public static async Task<Result<ReferenceTable>> ReadAsync(Stream file, ModelSignature signature, CancellationToken cancellationToken)
    {
        if (!await HasMagicAsync(file, cancellationToken))
            return Error.InvalidInput("The file is not Parquet: it does not start and end with 'PAR1'. Send Parquet as application/vnd.apache.parquet, or CSV as text/csv.");
        file.Position = 0;
        try
        {
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
            var fields = reader.Schema.GetDataFields();
            var header = fields.Select(f => f.Name).ToList();
            if (!ColumnMapping.Plan(signature, header).TryGetValue(out var plan, out var error))
                return error;
            var columns = plan.Select(p => new TableColumn(p)).ToList();
            foreach (var column in columns)
            {
                var field = fields[column.Plan.Source];
                if (field.IsArray || field.Path.ToString() != field.Name)
                    return Error.InvalidInput($"The column '{NameRules.Printable(field.Name)}' of the file holds lists or nested values; a profile needs one value per row.");
            }
            var rows = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                foreach (var column in columns)
                {
                    if (await ReadColumnAsync(group, fields[column.Plan.Source], column, rows, count, cancellationToken) is { } problem)
                        return problem;
                }
                rows += count;
            }
            return new ReferenceTable(rows, columns);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Error.InvalidInput($"The Parquet file cannot be read: {e.Message}");
        }
    }

    private static async Task<bool> HasMagicAsync(Stream file, CancellationToken cancellationToken)
    {
        if (file.Length < 2 * Magic.Length)
            return false;
        var head = new byte[Magic.Length];
        var tail = new byte[Magic.Length];
        file.Position = 0;
        await file.ReadExactlyAsync(head, cancellationToken);
        file.Position = file.Length - Magic.Length;
        await file.ReadExactlyAsync(tail, cancellationToken);
        return head.AsSpan().SequenceEqual(Magic) && tail.AsSpan().SequenceEqual(Magic);
    }

    private static async Task<Error?> ReadColumnAsync(
        ParquetRowGroupReader group, DataField field, TableColumn column, int firstRow, int count, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        if (type == typeof(string))
        {
            var texts = new string?[count];
            await group.ReadAsync(field, texts.AsMemory(), null, cancellationToken);
            return AddTexts(column, firstRow, texts);
        }
        if (type == typeof(bool))
            return Add(column, firstRow, await ReadAsync<bool>(group, field, count, cancellationToken), static (bool? b) => b is { } v ? (v ? 1 : 0) : double.NaN);
        if (type == typeof(decimal))
            return Add(column, firstRow, await ReadAsync<decimal>(group, field, count, cancellationToken), static (decimal? d) => d is { } v ? (double)v : double.NaN);
        return type switch
        {
            _ when type == typeof(double) => await NumbersAsync<double>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(float) => await NumbersAsync<float>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(Half) => await NumbersAsync<Half>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(long) => await NumbersAsync<long>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(int) => await NumbersAsync<int>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(short) => await NumbersAsync<short>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(sbyte) => await NumbersAsync<sbyte>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(ulong) => await NumbersAsync<ulong>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(uint) => await NumbersAsync<uint>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(ushort) => await NumbersAsync<ushort>(group, field, column, firstRow, count, cancellationToken),
            _ when type == typeof(byte) => await NumbersAsync<byte>(group, field, column, firstRow, count, cancellationToken),
            _ => Error.InvalidInput(
                $"The column '{NameRules.Printable(field.Name)}' of the file holds {type.Name} values, which the input '{column.Plan.Input.Name}' cannot take."),
        };
    }

    private static async Task<Error?> NumbersAsync<T>(
        ParquetRowGroupReader group, DataField field, TableColumn column, int firstRow, int count, CancellationToken cancellationToken)
        where T : struct, INumberBase<T> =>
        Add(column, firstRow, await ReadAsync<T>(group, field, count, cancellationToken), static (T? n) => n is { } v ? double.CreateTruncating(v) : double.NaN);

    private static async Task<T?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[count];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            return values;
        }
        var present = new T[count];
        await group.ReadAsync<T>(field, present.AsMemory(), null, cancellationToken);
        for (var i = 0; i < count; i++)
            values[i] = present[i];
        return values;
    }

    private static Error? AddTexts(TableColumn column, int firstRow, string?[] texts)
    {
        for (var i = 0; i < texts.Length; i++)
        {
            var text = texts[i];
            if (column.Labels is { } labels)
            {
                labels.Add(text is null ? null : CellValues.ReadText(text));
                continue;
            }
            if (text is null)
            {
                column.Numbers!.Add(double.NaN);
                continue;
            }
            if (CellValues.ReadNumber(text, column.Plan.Input.DataType, out var value) is { } problem)
                return Where(column, firstRow + i, text, problem);
            column.Numbers!.Add(value);
        }
        return null;
    }

    private static Error? Add<T>(TableColumn column, int firstRow, T?[] values, Func<T?, double> toNumber)
        where T : struct
    {
        for (var i = 0; i < values.Length; i++)
        {
            var number = CellValues.Narrow(toNumber(values[i]), column.Plan.Input.DataType);
            if (column.Labels is { } labels)
            {
                labels.Add(double.IsNaN(number) ? null : FeatureProfiler.Label(number));
                continue;
            }
            if (CellValues.Check(number, column.Plan.Input.DataType) is { } problem)
                return Where(column, firstRow + i, FeatureProfiler.Label(number), problem);
            column.Numbers!.Add(number);
        }
        return null;
    }

    private static Error Where(TableColumn column, int row, string value, string problem) =>
        TableReader.WrongValue($"Row {row + 1} of column '{NameRules.Printable(column.Plan.Name)}'", column.Plan, value, problem);
}
