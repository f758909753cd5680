using System.Diagnostics;
using System.Net;
using Capstan.Core.Security;
using Capstan.Server.Security;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Postgres;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Security;

public sealed class RevocationTests
{
    [Fact]
    public async Task RevokedKey_StopsWorkingAtOnceOnTheServerThatRevokedIt()
    {
        await using var server = await RunningServer.StartAsync();
        var key = await TestKeys.CreateAsync(server, "revocable", Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server, key));

        using var revoke = await server.Http.DeleteAsync($"/api/v1/keys/{ApiKeys.IdOf(key)}", TestContext.Current.CancellationToken);

        Assert.True(revoke.IsSuccessStatusCode, await revoke.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server, key));
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingOnAnotherServerOfTheSameStoreWithinFiveSeconds()
    {
        Assert.SkipUnless(TestDatabase.IsConfigured, TestDatabase.SkipReason);
        await using var database = await TestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await using var revoking = await RunningServer.StartAsync(o => o.Store = database.ConnectionString);
        await using var other = await RunningServer.StartAsync(o => o.Store = database.ConnectionString);
        var key = await TestKeys.CreateAsync(revoking, "revocable", Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(other, key));

        using var revoke = await revoking.Http.DeleteAsync($"/api/v1/keys/{ApiKeys.IdOf(key)}", TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        while (await StatusWithAsync(other, key) == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(100, TestContext.Current.CancellationToken);

        Assert.True(revoke.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(other, key));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    private static async Task<HttpStatusCode> StatusWithAsync(RunningServer server, string key)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        using var response = await http.GetAsync("/api/v1/models", TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
