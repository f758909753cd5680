using System.Data.Common;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Training.Pipelines;
using Microsoft.Data.Sqlite;
using Npgsql;
using Parquet;
using Parquet.Schema;

namespace Capstan.Training.Data;

/// <summary>Reads CSV and Parquet files and SQL queries on SQLite or PostgreSQL into a <see cref="TrainingTable"/>.</summary>
/// <remarks>
/// Relative file paths are resolved against the base directory given at construction (the folder of the spec file).
/// A SQL query runs as written on a connection of its own; the spec's author owns the query, so the database account
/// in the connection string should be one that may only read. An <see cref="InferenceLogSource"/> is not read here:
/// it is an <see cref="ErrorCode.InvalidInput"/> result that says which host can. Safe to call concurrently.
/// </remarks>
public sealed class FileAndSqlDataSource : ITrainingDataSource
{
    private readonly string _baseDirectory;
    private readonly TrainingOptions _options;

    /// <summary>Creates a source that resolves relative paths against <paramref name="baseDirectory"/> and keeps to <paramref name="options"/>, which it validates.</summary>
    public FileAndSqlDataSource(string baseDirectory, TrainingOptions options)
    {
        options.Validate();
        _baseDirectory = baseDirectory;
        _options = options;
    }

    /// <inheritdoc />
    public Task<Result<TrainingTable>> LoadAsync(PipelineSpec spec, CancellationToken cancellationToken) => spec.Source switch
    {
        CsvSource csv => Task.Run(() => ReadCsv(spec, Resolve(csv.Path), cancellationToken), cancellationToken),
        ParquetSource parquet => ReadParquetAsync(spec, Resolve(parquet.Path), cancellationToken),
        SqlSource sql => ReadSqlAsync(spec, sql, cancellationToken),
        _ => Task.FromResult<Result<TrainingTable>>(Error.InvalidInput(
            $"This data source reads csv, parquet and sql sources, not {spec.Source.Kind}; the server reads the inference log.")),
    };

    private string Resolve(string path) => Path.GetFullPath(path, _baseDirectory);

    private Result<TrainingTable> ReadCsv(PipelineSpec spec, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return Error.NotFound($"There is no CSV file '{path}'.");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvRows(reader, _options.MaxFieldLength);
        if (!csv.Next().TryGetValue(out var header, out var error))
            return error with { Message = $"{path}, {error.Message}" };
        if (header is null)
            return Error.InvalidInput($"{path} is empty; a CSV source starts with a header line.");
        var builder = new TableBuilder(spec, header, _options.MaxRows);
        while (!builder.Stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!csv.Next().TryGetValue(out var fields, out error))
                return error with { Message = $"{path}, {error.Message}" };
            if (fields is null)
                break;
            if (fields is [""])
                continue;
            if (fields.Count != header.Count)
                return Error.InvalidInput($"{path}, line {csv.Line}: {fields.Count} fields, but the header has {header.Count}.");
            builder.Add(fields, $"line {csv.Line}");
        }
        return builder.Build();
    }

    private async Task<Result<TrainingTable>> ReadParquetAsync(PipelineSpec spec, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return Error.NotFound($"There is no Parquet file '{path}'.");
        await using var stream = File.OpenRead(path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return Error.InvalidInput($"{path} is not a Parquet file that can be read: {e.Message}");
        }
        await using (reader)
        {
            var fields = reader.Schema.GetDataFields();
            var builder = new TableBuilder(spec, [.. fields.Select(f => f.Name)], _options.MaxRows);
            var declared = spec.Columns.Names.ToHashSet(StringComparer.Ordinal);
            var unreadable = fields.Where(f => declared.Contains(f.Name) && (f.MaxRepetitionLevel > 0 || !ParquetTypes.Contains(Nullable.GetUnderlyingType(f.ClrType) ?? f.ClrType))).ToList();
            if (unreadable.Count > 0)
                return Error.InvalidInput($"{path}: {string.Join(", ", unreadable.Select(f => $"'{f.Name}' ({(f.MaxRepetitionLevel > 0 ? "a list" : f.ClrType == typeof(ReadOnlyMemory<byte>) || f.ClrType == typeof(byte[]) ? "binary" : f.ClrType.Name)})"))} cannot be read; a training column holds numbers, booleans, text or dates.");
            var row = 0;
            for (var g = 0; g < reader.RowGroupCount && !builder.Stopped; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                var columns = new Array?[fields.Length];
                for (var f = 0; f < fields.Length; f++)
                    columns[f] = declared.Contains(fields[f].Name) ? await ReadColumnAsync(group, fields[f], count, cancellationToken) : null;
                var values = new object?[fields.Length];
                for (var r = 0; r < count && !builder.Stopped; r++)
                {
                    for (var f = 0; f < fields.Length; f++)
                        values[f] = columns[f]?.GetValue(r);
                    builder.Add(values, $"row {++row}");
                }
            }
            return builder.Build();
        }
    }

    private static readonly HashSet<Type> ParquetTypes =
    [
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal), typeof(string), typeof(ReadOnlyMemory<char>), typeof(DateTime), typeof(DateOnly),
    ];

    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var texts = new string?[count];
            await group.ReadAsync(field, texts.AsMemory(), null, cancellationToken);
            return texts;
        }
        return type switch
        {
            _ when type == typeof(bool) => await ReadAsync<bool>(group, field, count, cancellationToken),
            _ when type == typeof(sbyte) => await ReadAsync<sbyte>(group, field, count, cancellationToken),
            _ when type == typeof(byte) => await ReadAsync<byte>(group, field, count, cancellationToken),
            _ when type == typeof(short) => await ReadAsync<short>(group, field, count, cancellationToken),
            _ when type == typeof(ushort) => await ReadAsync<ushort>(group, field, count, cancellationToken),
            _ when type == typeof(int) => await ReadAsync<int>(group, field, count, cancellationToken),
            _ when type == typeof(uint) => await ReadAsync<uint>(group, field, count, cancellationToken),
            _ when type == typeof(long) => await ReadAsync<long>(group, field, count, cancellationToken),
            _ when type == typeof(ulong) => await ReadAsync<ulong>(group, field, count, cancellationToken),
            _ when type == typeof(float) => await ReadAsync<float>(group, field, count, cancellationToken),
            _ when type == typeof(double) => await ReadAsync<double>(group, field, count, cancellationToken),
            _ when type == typeof(decimal) => await ReadAsync<decimal>(group, field, count, cancellationToken),
            _ when type == typeof(DateTime) => await ReadAsync<DateTime>(group, field, count, cancellationToken),
            _ => await ReadAsync<DateOnly>(group, field, count, cancellationToken),
        };
    }

    private static async Task<Array> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken) where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[count];
            await group.ReadAsync<T>(field, nullable.AsMemory(), null, cancellationToken);
            return nullable;
        }
        var values = new T[count];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
        return values;
    }

    private async Task<Result<TrainingTable>> ReadSqlAsync(PipelineSpec spec, SqlSource sql, CancellationToken cancellationToken)
    {
        DbConnection connection;
        try
        {
            connection = sql.Provider == SqlProvider.Sqlite ? new SqliteConnection(sql.Connection) : new NpgsqlConnection(sql.Connection);
        }
        catch (ArgumentException e)
        {
            return Error.InvalidInput($"The {sql.Provider.ToString().ToLowerInvariant()} connection string is not valid: {e.Message}");
        }
        await using (connection)
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (DbException e)
            {
                return Error.NotReady($"The {sql.Provider.ToString().ToLowerInvariant()} database cannot be opened: {e.Message}");
            }
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Query;
            DbDataReader reader;
            try
            {
                reader = await command.ExecuteReaderAsync(cancellationToken);
            }
            catch (DbException e)
            {
                return Error.InvalidInput($"The query fails: {e.Message}");
            }
            await using (reader)
            {
                var builder = new TableBuilder(spec, [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)], _options.MaxRows);
                var values = new object?[reader.FieldCount];
                var row = 0;
                while (!builder.Stopped && await reader.ReadAsync(cancellationToken))
                {
                    reader.GetValues(values!);
                    builder.Add(values, $"row {++row}");
                }
                return builder.Build();
            }
        }
    }
}
