using System.Data;
using System.Data.Common;
using Npgsql;

namespace Capstan.Registry.Stores;

/// <summary>PostgreSQL through Npgsql, shared by every server replica.</summary>
/// <remarks>
/// Writes run at read committed: each one first updates its model's row, which serializes writers of the same model
/// across processes. Reads run at repeatable read so that the statements of one call see one snapshot. Migrations
/// hold a transaction-scoped advisory lock, so replicas that start together apply them once.
/// </remarks>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    private const long MigrationLockKey = 0x4361_7073_7461_6E01;

    /// <inheritdoc />
    public override string Name => "Postgres";

    /// <inheritdoc />
    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public override async ValueTask<DbTransaction> BeginTransactionAsync(DbConnection connection, bool write, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(write ? IsolationLevel.ReadCommitted : IsolationLevel.RepeatableRead, cancellationToken);

    /// <inheritdoc />
    public override Task LockMigrationsAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLockKey));

    /// <inheritdoc />
    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
