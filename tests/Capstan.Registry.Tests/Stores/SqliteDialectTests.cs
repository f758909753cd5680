using Capstan.Registry.Stores;
using Microsoft.Data.Sqlite;

namespace Capstan.Registry.Tests.Stores;

/// <summary>Guards the per-connection SQLite settings and the locking that the store's correctness rests on.</summary>
public sealed class SqliteDialectTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("capstan-sqlite-");
    private SqliteDialect _dialect = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _dialect = new SqliteDialect(Path.Combine(_directory.FullName, "dialect.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _dialect.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task OpenConnection_TurnsOnWalForeignKeysFullSyncAndABusyTimeout()
    {
        await using var connection = await _dialect.OpenConnectionAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys"));
        Assert.Equal(2L, await PragmaAsync(connection, "synchronous"));
        Assert.Equal(30000L, await PragmaAsync(connection, "busy_timeout"));
    }

    [Fact]
    public async Task BeginTransaction_ForAWriteTakesTheWriteLockAtOnceWhileReadsGoOn()
    {
        await using var writer = await _dialect.OpenConnectionAsync(Ct);
        await using var other = (SqliteConnection)await _dialect.OpenConnectionAsync(Ct);
        await PragmaAsync(other, "busy_timeout = 0");
        other.DefaultTimeout = 1;

        await using var write = await _dialect.BeginTransactionAsync(writer, write: true, Ct);

        var busy = Assert.Throws<SqliteException>(() => other.BeginTransaction(deferred: false));
        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, busy.SqliteErrorCode);
        await using var read = await _dialect.BeginTransactionAsync(other, write: false, Ct);
        await using var query = other.CreateCommand();
        query.Transaction = (SqliteTransaction)read;
        query.CommandText = "SELECT count(*) FROM sqlite_master";
        Assert.Equal(0L, await query.ExecuteScalarAsync(Ct));
    }

    private static async Task<object?> PragmaAsync(System.Data.Common.DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return await command.ExecuteScalarAsync(Ct);
    }
}
