using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.Profiles;

/// <summary>Reads a reference data file, CSV or Parquet, into the columns that feed a model's required inputs.</summary>
/// <remarks>
/// The file's column names go through <see cref="ColumnMapping"/> first; then only the mapped columns are read, each
/// value checked against the type of the input it feeds, so a wrong value is refused naming its line (or row) and column.
/// </remarks>
internal static class TableReader
{
    /// <summary>Reads <paramref name="file"/> (seekable, read from the start) in <paramref name="format"/> for <paramref name="signature"/>.</summary>
    public static async Task<Result<ReferenceTable>> ReadAsync(Stream file, TableFormat format, ModelSignature signature, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
            return Error.InvalidInput("The file is empty.");
        return format == TableFormat.Csv
            ? await Task.Run(() => ReadCsv(file, signature), cancellationToken)
            : await ParquetTable.ReadAsync(file, signature, cancellationToken);
    }

    /// <summary>Why a value cannot feed its column's input, worded for the person who made the file.</summary>
    public static Error WrongValue(string where, PlannedColumn column, string value, string problem) =>
        Error.InvalidInput(
            $"{where}: '{NameRules.Printable(value.Length <= 40 ? value : value[..40] + "...")}' {problem}, and the input '{column.Input.Name}' it feeds is {column.Input.DataType.ProtocolName()}.");

    private static Result<ReferenceTable> ReadCsv(Stream file, ModelSignature signature)
    {
        using var text = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        try
        {
            var records = new CsvRecords(text);
            var fields = new List<string>();
            if (!records.Read(fields).TryGetValue(out var any, out var error))
                return error;
            if (!any)
                return Error.InvalidInput("The file has no header line.");
            var header = fields.Select(f => f.Trim()).ToList();
            if (!ColumnMapping.Plan(signature, header).TryGetValue(out var plan, out error))
                return error;
            var columns = plan.Select(p => new TableColumn(p)).ToList();
            var rows = 0;
            while (true)
            {
                if (!records.Read(fields).TryGetValue(out var more, out error))
                    return error;
                if (!more)
                    break;
                if (fields.Count != header.Count)
                    return Error.InvalidInput($"Line {records.Line} of the file has {fields.Count} field{(fields.Count == 1 ? "" : "s")}, but the header has {header.Count}.");
                foreach (var column in columns)
                {
                    var cell = fields[column.Plan.Source];
                    if (column.Labels is { } labels)
                    {
                        labels.Add(CellValues.ReadText(cell));
                        continue;
                    }
                    if (CellValues.ReadNumber(cell, column.Plan.Input.DataType, out var value) is { } problem)
                        return WrongValue($"Line {records.Line}, column '{NameRules.Printable(column.Plan.Name)}'", column.Plan, cell, problem);
                    column.Numbers!.Add(value);
                }
                rows++;
            }
            return new ReferenceTable(rows, columns);
        }
        catch (DecoderFallbackException)
        {
            return Error.InvalidInput("The file is not UTF-8 text. Send CSV in UTF-8 as text/csv, or Parquet as application/vnd.apache.parquet.");
        }
    }
}
