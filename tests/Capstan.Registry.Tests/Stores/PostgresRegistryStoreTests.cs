using System.Data.Common;
using Capstan.Registry.Stores;
using Capstan.Testing.Postgres;
using Npgsql;

namespace Capstan.Registry.Tests.Stores;

/// <summary>Runs the store contract against PostgreSQL, on a fresh database per test; skipped unless CAPSTAN_TEST_POSTGRES is set.</summary>
public sealed class PostgresRegistryStoreTests : DurableRegistryStoreContract
{
    private TestDatabase? _database;

    private TestDatabase Database => _database ?? throw new InvalidOperationException("The test database was not created.");

    public override async ValueTask InitializeAsync()
    {
        Assert.SkipUnless(TestDatabase.IsConfigured, TestDatabase.SkipReason);
        _database = await TestDatabase.CreateAsync(Ct);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    protected override Task<IRegistryStore> OpenStoreAsync() => OpenAsync(Database);

    protected override async Task<DbConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    [Fact]
    public async Task Open_AppliesMigrationsOnceWhenReplicasStartTogether()
    {
        await using var fresh = await TestDatabase.CreateAsync(Ct);

        var replicas = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => OpenAsync(fresh))));
        try
        {
            Ok(await replicas[0].AddVersionAsync(Version("fraud"), Ct));
            Assert.All(await Task.WhenAll(replicas.Select(r => r.ResolveAsync(Reference("fraud"), Ct))), r => Assert.Equal(1, Ok(r).Version));
        }
        finally
        {
            foreach (var replica in replicas)
                await replica.DisposeAsync();
        }
    }

    private Task<IRegistryStore> OpenAsync(TestDatabase database) =>
        RegistryStores.OpenAsync(database.ConnectionString, Path.GetTempPath(), Time, Ct);
}
