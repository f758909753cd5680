using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>One row group of an inference log file read back as column arrays, in <see cref="LogSchema"/> order; mutable.</summary>
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

    /// <summary>Reads row group <paramref name="index"/>.</summary>
    public static async Task<LogColumns> ReadAsync(ParquetReader reader, int index, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(index);
        var columns = new LogColumns(checked((int)group.RowCount));
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
