using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>One row group of an inference log file as column arrays, in <see cref="LogSchema"/> order, filled up to its capacity; mutable.</summary>
internal sealed class LogColumns(int capacity)
{
    public DateTime[] Times { get; } = new DateTime[capacity];
    public string[] RequestIds { get; } = new string[capacity];
    public string[] Models { get; } = new string[capacity];
    public string[] Versions { get; } = new string[capacity];
    public string[] Variants { get; } = new string[capacity];
    public double[] LatenciesMs { get; } = new double[capacity];
    public byte[][] Inputs { get; } = new byte[capacity][];
    public byte[][] Outputs { get; } = new byte[capacity][];

    /// <summary>How many rows are filled.</summary>
    public int Count { get; set; }

    /// <summary>Whether every row is filled.</summary>
    public bool IsFull => Count == Times.Length;

    /// <summary>Writes the filled rows as one row group and empties the columns.</summary>
    public async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        var count = Count;
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<DateTime>(LogSchema.Time, Times.AsMemory(0, count), cancellationToken: cancellationToken);
            await group.WriteAsync(LogSchema.RequestId, new ArraySegment<string>(RequestIds, 0, count));
            await group.WriteAsync(LogSchema.Model, new ArraySegment<string>(Models, 0, count));
            await group.WriteAsync(LogSchema.Version, new ArraySegment<string>(Versions, 0, count));
            await group.WriteAsync(LogSchema.Variant, new ArraySegment<string>(Variants, 0, count));
            await group.WriteAsync<double>(LogSchema.LatencyMs, LatenciesMs.AsMemory(0, count), cancellationToken: cancellationToken);
            await group.WriteAsync(LogSchema.Inputs, new ArraySegment<byte[]>(Inputs, 0, count));
            await group.WriteAsync(LogSchema.Outputs, new ArraySegment<byte[]>(Outputs, 0, count));
        }
        Array.Clear(Inputs, 0, count);
        Array.Clear(Outputs, 0, count);
        Count = 0;
    }

    /// <summary>Reads row group <paramref name="index"/>.</summary>
    public static async Task<LogColumns> ReadAsync(ParquetReader reader, int index, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(index);
        var columns = new LogColumns(checked((int)group.RowCount));
        columns.Count = columns.Times.Length;
        await group.ReadAsync<DateTime>(LogSchema.Time, columns.Times, cancellationToken: cancellationToken);
        await group.ReadAsync(LogSchema.RequestId, columns.RequestIds, cancellationToken: cancellationToken);
        await group.ReadAsync(LogSchema.Model, columns.Models, cancellationToken: cancellationToken);
        await group.ReadAsync(LogSchema.Version, columns.Versions, cancellationToken: cancellationToken);
        await group.ReadAsync(LogSchema.Variant, columns.Variants, cancellationToken: cancellationToken);
        await group.ReadAsync<double>(LogSchema.LatencyMs, columns.LatenciesMs, cancellationToken: cancellationToken);
        await group.ReadAsync(LogSchema.Inputs, columns.Inputs, cancellationToken: cancellationToken);
        await group.ReadAsync(LogSchema.Outputs, columns.Outputs, cancellationToken: cancellationToken);
        return columns;
    }
}
