using System.Net;
using System.Text.Json;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serialization;
using Capstan.Server.Security;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Audit;

public sealed class AuditApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _server.Http.DefaultRequestHeaders.Add("X-Capstan-User", "carol");
        await _server.Http.PushAsync("fraud", TestModels.BreastCancerOnnx);
        (await _server.Http.PutAsync("/api/v1/models/fraud/aliases/champion", Http.Json(new AliasTarget(1)))).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task List_ShowsEachChangeNewestFirstWithWhoAndFromWhere()
    {
        var page = await _server.Http.GetOkAsync<Page<AuditEntry>>("/api/v1/audit?model=fraud&pageSize=10");

        Assert.Equal([("alias.set", "fraud@champion"), ("version.push", "fraud:1")], page.Items.Select(e => (e.Action, e.Target)));
        Assert.All(page.Items, e => Assert.Equal(new Actor(FirstAdminKey.Name, ApiKeys.IdOf(_server.AdminKey!), "127.0.0.1"), e.Actor));
    }

    [Fact]
    public async Task List_FiltersBySinceAndPages()
    {
        var none = await _server.Http.GetOkAsync<Page<AuditEntry>>($"/api/v1/audit?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        var first = await _server.Http.GetOkAsync<Page<AuditEntry>>("/api/v1/audit?pageSize=1");
        var second = await _server.Http.GetOkAsync<Page<AuditEntry>>($"/api/v1/audit?pageSize=1&pageToken={first.NextPageToken}");

        Assert.Empty(none.Items);
        Assert.Equal([3L, 2L], first.Items.Concat(second.Items).Select(e => e.Sequence));
    }

    [Theory]
    [InlineData("/api/v1/audit?model=Bad%20Name", "name")]
    [InlineData("/api/v1/audit?since=yesterday", "The time 'yesterday' is not an ISO-8601 date and time such as 2025-03-14T15:09:26Z.")]
    [InlineData("/api/v1/audit?pageSize=0", "The page size 0 is outside 1 to 1000.")]
    [InlineData("/api/v1/audit?pageToken=nope", "The page token 'nope' was not given out by this listing.")]
    public async Task List_AnswersBadQueriesWith400AndWhy(string path, string expected)
    {
        using var response = await _server.Http.GetAsync(path);

        Assert.Contains(expected, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
    }

    [Fact]
    public async Task Verify_FindsTheTrailIntact()
    {
        var verification = await _server.Http.GetOkAsync<AuditVerification>("/api/v1/audit/verify");

        Assert.Equal((true, 3L, (AuditProblem?)null), (verification.Intact, verification.Entries, verification.Problem));
    }

    [Fact]
    public async Task Export_StreamsEveryEntryOldestFirstAsJsonLines()
    {
        using var response = await _server.Http.GetAsync("/api/v1/audit/export");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var entries = lines.Select(l => JsonSerializer.Deserialize<AuditEntry>(l, CapstanJson.Options)!).ToList();
        Assert.Equal(["key.create", "version.push", "alias.set"], entries.Select(e => e.Action));
        Assert.Equal((Actor.System, FirstAdminKey.Name), (entries[0].Actor, entries[0].Target.Length > 0 ? FirstAdminKey.Name : ""));
        Assert.Equal([entries[0].Hash, entries[1].Hash], entries.Skip(1).Select(e => e.PreviousHash));
    }
}
