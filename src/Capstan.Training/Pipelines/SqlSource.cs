namespace Capstan.Training.Pipelines;

/// <summary>The rows a SQL query returns from SQLite or PostgreSQL.</summary>
/// <param name="Provider">The database engine.</param>
/// <param name="Connection">The connection string (Microsoft.Data.Sqlite or Npgsql form).</param>
/// <param name="Query">The query; its result columns are matched to the spec's columns by name.</param>
public sealed record SqlSource(SqlProvider Provider, string Connection, string Query) : DataSourceSpec
{
    /// <inheritdoc />
    public override string Kind => "sql";
}
