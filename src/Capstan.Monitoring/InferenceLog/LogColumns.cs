using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>One row group of an inference log file as column arrays, in <see cref="LogSchema"/> order; mutable.</summary>
internal sealed class LogColumns(int count)
{
    public DateTime[] Times { get; } = new DateTime[count];
    public string[] RequestIds { get; } = new string[count];
    public string[] Models { get; } = new string[count];
    public string[] Versions { get; } = new string[count];
    public string[] Variants { get; } = new string[count];
    public double[] LatenciesMs { get; } = new double[count];
    public string[] Inputs { get; } = new string[count];
    public string[] Outputs { get; } = new string[count];

    /// <summary>Writes the columns as one row group.</summary>
    public async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(LogSchema.Time, Times, cancellationToken: cancellationToken);
        await group.WriteAsync(LogSchema.RequestId, RequestIds);
        await group.WriteAsync(LogSchema.Model, Models);
        await group.WriteAsync(LogSchema.Version, Versions);
        await group.WriteAsync(LogSchema.Variant, Variants);
        await group.WriteAsync<double>(LogSchema.LatencyMs, LatenciesMs, cancellationToken: cancellationToken);
        await group.WriteAsync(LogSchema.Inputs, Inputs);
        await group.WriteAsync(LogSchema.Outputs, Outputs);
    }

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
