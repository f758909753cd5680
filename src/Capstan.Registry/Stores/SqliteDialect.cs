using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Capstan.Registry.Stores;

/// <summary>SQLite through Microsoft.Data.Sqlite: one database file in write-ahead-log mode, for one machine.</summary>
/// <remarks>
/// Every connection turns on foreign keys (through the connection string), full synchronous commits and a busy
/// timeout, since SQLite keeps those per connection. Writes begin with <c>BEGIN IMMEDIATE</c>, which is what
/// <see cref="SqliteConnection.BeginTransaction()"/> issues, so a writer takes the single write lock before it reads
/// and never has to upgrade a read lock; reads begin deferred and see a snapshot without blocking writers.
/// </remarks>
internal sealed class SqliteDialect(string path) : SqlDialect
{
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        ForeignKeys = true,
        Pooling = true,
    }.ToString();

    /// <inheritdoc />
    public override string Name => "Sqlite";

    /// <inheritdoc />
    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT";

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginTransactionAsync(DbConnection connection, bool write, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: !write));

    /// <inheritdoc />
    public override Task LockMigrationsAsync(SqlSession session, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SQLitePCL.raw.SQLITE_CONSTRAINT_FOREIGNKEY };

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
