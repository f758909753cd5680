namespace Capstan.Training.Pipelines;

/// <summary>A Parquet file, every row group read.</summary>
/// <param name="Path">The file, absolute or relative to the folder of the spec file.</param>
public sealed record ParquetSource(string Path) : DataSourceSpec
{
    /// <inheritdoc />
    public override string Kind => "parquet";
}
