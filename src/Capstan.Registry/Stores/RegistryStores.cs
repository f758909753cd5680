using System.Data.Common;
using Npgsql;

namespace Capstan.Registry.Stores;

/// <summary>Opens the registry store that a connection string names and brings its schema up to date.</summary>
public static class RegistryStores
{
    /// <summary>The SQLite database file's name inside the data directory.</summary>
    public const string SqliteFileName = "capstan.db";

    /// <summary>
    /// Opens SQLite at <c>capstan.db</c> in <paramref name="dataDirectory"/> when <paramref name="connectionString"/> is null
    /// or empty, or PostgreSQL when it has a <c>Host</c> key, and applies pending migrations before returning.
    /// </summary>
    /// <remarks>The caller owns the store and disposes it to release its connections.</remarks>
    /// <exception cref="ArgumentException">The connection string is malformed or names no PostgreSQL host.</exception>
    public static async Task<IRegistryStore> OpenAsync(
        string? connectionString, string dataDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        SqlDialect dialect;
        if (string.IsNullOrEmpty(connectionString))
        {
            Directory.CreateDirectory(dataDirectory);
            dialect = new SqliteDialect(Path.Combine(dataDirectory, SqliteFileName));
        }
        else
        {
            dialect = new PostgresDialect(NpgsqlDataSource.Create(CheckPostgres(connectionString)));
        }
        var store = new SqlRegistryStore(dialect, time);
        try
        {
            await SqlMigrations.ApplyAsync(dialect, time, cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    private static string CheckPostgres(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The registry connection string is malformed: {e.Message}", nameof(connectionString), e);
        }
        return builder.ContainsKey("Host")
            ? connectionString
            : throw new ArgumentException(
                "The registry connection string has no Host key; give a PostgreSQL connection string such as "
                + "'Host=db;Username=capstan;Password=...;Database=capstan', or none for SQLite in the data directory.",
                nameof(connectionString));
    }
}
