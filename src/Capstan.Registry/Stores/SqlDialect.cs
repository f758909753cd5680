using System.Data.Common;

namespace Capstan.Registry.Stores;

/// <summary>What differs between the databases behind <see cref="SqlRegistryStore"/>: connecting, locking and error codes.</summary>
/// <remarks>Everything else, the queries included, is the same SQL for every dialect.</remarks>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>The name of the folder under <c>Stores/Migrations</c> that holds this dialect's migrations.</summary>
    public abstract string Name { get; }

    /// <summary>The statement that creates the table recording applied migrations, if it is missing.</summary>
    public abstract string CreateMigrationsTableSql { get; }

    /// <summary>Opens a connection, configured for use by the store.</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction: for a write it serializes with other writers of the same rows, for a read it sees one snapshot.</summary>
    public abstract ValueTask<DbTransaction> BeginTransactionAsync(DbConnection connection, bool write, CancellationToken cancellationToken);

    /// <summary>Makes other processes that apply migrations wait until <paramref name="session"/> ends.</summary>
    public abstract Task LockMigrationsAsync(SqlSession session, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> reports a foreign key violation.</summary>
    public abstract bool IsForeignKeyViolation(DbException exception);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
