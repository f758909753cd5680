using System.Net;
using Capstan.Core.Registry;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Postgres;
using Capstan.Testing.Servers;
using Npgsql;

namespace Capstan.Server.Tests.Hosting;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task Server_KeepsItsMetadataInPostgresWhenGivenAConnectionString()
    {
        Assert.SkipUnless(TestDatabase.IsConfigured, TestDatabase.SkipReason);
        await using var database = await TestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await using var server = await RunningServer.StartAsync(o => o.Store = database.ConnectionString);

        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx, new { alias = "champion" });

        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "capstan.db")));
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM model_versions", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, (await server.Http.GetOkAsync<ModelVersionInfo>("/api/v1/versions/bc@champion")).Version);
    }

    [Fact]
    public async Task Server_AnswersServiceUnavailableWhileTheDatabaseIsGoneAndKeepsServing()
    {
        Assert.SkipUnless(TestDatabase.IsConfigured, TestDatabase.SkipReason);
        var database = await TestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await using var server = await RunningServer.StartAsync(o => o.Store = database.ConnectionString);

        await database.DisposeAsync();
        using var response = await server.Http.GetAsync("/api/v1/models");

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "NotReady");
        using var live = await server.Http.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Build_ReportsAnUnreachableDatabaseAsNotReady()
    {
        using var data = new Capstan.Testing.Files.TempDirectory();

        var built = await Capstan.Server.Hosting.CapstanServer.BuildAsync(new Capstan.Server.Hosting.ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = data.Path,
            Store = "Host=127.0.0.1;Port=1;Database=none;Timeout=2",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(Capstan.Core.Errors.ErrorCode.NotReady, built.Error.Code);
        Assert.Contains("metadata store", built.Error.Message);
    }
}
