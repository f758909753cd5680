namespace Capstan.Training.Pipelines;

/// <summary>A CSV file with a header line (RFC 4180 quoting, comma separated, UTF-8).</summary>
/// <param name="Path">The file, absolute or relative to the folder of the spec file.</param>
public sealed record CsvSource(string Path) : DataSourceSpec
{
    /// <inheritdoc />
    public override string Kind => "csv";
}
