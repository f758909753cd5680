namespace Capstan.Training.Pipelines;

/// <summary>The database engines a <see cref="SqlSource"/> can query.</summary>
public enum SqlProvider
{
    /// <summary>SQLite through Microsoft.Data.Sqlite.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql.</summary>
    Postgres,
}
