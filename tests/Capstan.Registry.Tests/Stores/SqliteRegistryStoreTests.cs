using System.Data.Common;
using Capstan.Registry.Stores;
using Microsoft.Data.Sqlite;

namespace Capstan.Registry.Tests.Stores;

/// <summary>Runs the store contract against SQLite, on a fresh database file per test.</summary>
public sealed class SqliteRegistryStoreTests : DurableRegistryStoreContract
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("capstan-sqlite-");

    protected override Task<IRegistryStore> OpenStoreAsync() => RegistryStores.OpenAsync(null, _directory.FullName, Time, Ct);

    protected override async Task<DbConnection> ConnectAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory.FullName, RegistryStores.SqliteFileName),
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(Ct);
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Open_PutsTheDatabaseFileInWriteAheadLogMode()
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
        Assert.True(File.Exists(Path.Combine(_directory.FullName, RegistryStores.SqliteFileName)));
    }
}
