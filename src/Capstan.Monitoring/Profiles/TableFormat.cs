namespace Capstan.Monitoring.Profiles;

/// <summary>The file formats reference data can come in.</summary>
public enum TableFormat
{
    /// <summary>Comma-separated values (RFC 4180) in UTF-8, with a header row naming the columns.</summary>
    Csv,

    /// <summary>Apache Parquet, one value per row in each column.</summary>
    Parquet,
}
