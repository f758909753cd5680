using Npgsql;

namespace Capstan.Testing.Postgres;

/// <summary>A PostgreSQL database made for one test on the server that <c>CAPSTAN_TEST_POSTGRES</c> names, dropped on dispose.</summary>
/// <remarks>
/// The variable holds a server-level connection string for a role with CREATEDB, as <c>.ci/postgres.sh</c> prints.
/// Tests check <see cref="IsConfigured"/> first and report themselves skipped when it is false.
/// </remarks>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable that holds the server connection string.</summary>
    public const string EnvironmentVariable = "CAPSTAN_TEST_POSTGRES";

    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Whether the environment names a server to run PostgreSQL tests on.</summary>
    public static bool IsConfigured => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Why PostgreSQL tests are skipped when <see cref="IsConfigured"/> is false.</summary>
    public static string SkipReason =>
        $"{EnvironmentVariable} is not set; run 'export {EnvironmentVariable}=\"$(bash .ci/postgres.sh)\"' to run the PostgreSQL tests.";

    /// <summary>The database's name, unique to this instance.</summary>
    public string Name { get; }

    /// <summary>A connection string for the database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database with a unique name.</summary>
    /// <exception cref="InvalidOperationException">The environment variable is not set.</exception>
    public static async Task<TestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(server))
            throw new InvalidOperationException(SkipReason);
        var database = new TestDatabase(server, $"capstan_test_{Guid.NewGuid():N}");
        await database.RunOnServerAsync($"CREATE DATABASE \"{database.Name}\"", cancellationToken);
        return database;
    }

    /// <summary>Drops the database, closing any connection still open on it.</summary>
    /// <remarks>
    /// The server has refused once (42501) because a process on the database was one this role may not terminate, most
    /// likely one of the server's own background workers, which come and go within moments; so the drop is tried again.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    private async Task RunOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
