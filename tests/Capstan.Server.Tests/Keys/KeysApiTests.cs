using System.Net;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Server.Security;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Keys;

public sealed class KeysApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_Answers201WithTheSecretOnceAndStoresOnlyItsHash()
    {
        using var response = await _server.Http.PostAsync("/api/v1/keys", Http.Json(new ApiKeyRequest("ci-pipeline", Role.Deployer, ["fraud"], 3600)));
        var created = await response.ReadOkAsync<CreatedApiKey>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches("^cap_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", created.Secret);
        Assert.Equal(created.Key.Id, ApiKeys.IdOf(created.Secret));
        Assert.Equal(("ci-pipeline", Role.Deployer, FirstAdminKey.Name), (created.Key.Name, created.Key.Role, created.Key.CreatedBy));
        Assert.InRange((created.Key.ExpiresAt!.Value - created.Key.CreatedAt).TotalSeconds, 3599, 3601);
        var listed = await _server.Http.GetStringAsync("/api/v1/keys");
        Assert.DoesNotContain(created.Secret, listed);
        Assert.DoesNotContain(ApiKeys.Hash(created.Secret), listed);
        var audit = await _server.Http.GetStringAsync("/api/v1/audit/export");
        Assert.Contains("key.create", audit);
        Assert.DoesNotContain(ApiKeys.Hash(created.Secret), audit);
    }

    [Fact]
    public async Task Revoke_MarksTheKeyAndASecondRevokeConflicts()
    {
        var created = await (await _server.Http.PostAsync("/api/v1/keys", Http.Json(new ApiKeyRequest("ops", Role.Admin, null, null)))).ReadOkAsync<CreatedApiKey>();

        var revoked = await (await _server.Http.DeleteAsync($"/api/v1/keys/{created.Key.Id}")).ReadOkAsync<ApiKeyInfo>();
        using var again = await _server.Http.DeleteAsync($"/api/v1/keys/{created.Key.Id}");

        Assert.NotNull(revoked.RevokedAt);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict");
        var keys = await _server.Http.GetOkAsync<List<ApiKeyInfo>>("/api/v1/keys");
        Assert.Equal([(created.Key.Id, true)], keys.Where(k => k.Name != FirstAdminKey.Name).Select(k => (k.Id, k.RevokedAt is not null)));
        await (await _server.Http.DeleteAsync("/api/v1/keys/000000000000")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Theory]
    [InlineData("""{"name":"has space","role":"viewer"}""", "The key name 'has space' must be 1 to 64 letters, digits, '.', '_' or '-'.")]
    [InlineData("""{"name":"","role":"viewer"}""", "The key name '' must be 1 to 64")]
    [InlineData("""{"name":"ci","role":7}""", "The role 7 is not one of viewer, predictor, deployer or admin.")]
    [InlineData("""{"name":"ci","role":"root"}""", "The request body is not valid JSON")]
    [InlineData("""{"name":"ci","role":"viewer","models":[]}""", "A key narrowed to models must name at least one")]
    [InlineData("""{"name":"ci","role":"viewer","models":["Bad Name"]}""", "The key's models are invalid")]
    [InlineData("""{"name":"ci","role":"viewer","models":["a","a"]}""", "The model 'a' is listed twice.")]
    [InlineData("""{"name":"ci","role":"viewer","expiresInSeconds":0}""", "The expiry must be between 1 and")]
    public async Task Create_AnswersBadRequestsWith400AndWhy(string body, string expected)
    {
        using var response = await _server.Http.PostAsync("/api/v1/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(expected, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Equal([FirstAdminKey.Name], (await _server.Http.GetOkAsync<List<ApiKeyInfo>>("/api/v1/keys")).Select(k => k.Name));
    }

    [Fact]
    public async Task Revoke_AnswersAMalformedIdWith400()
    {
        using var response = await _server.Http.DeleteAsync("/api/v1/keys/NOT-AN-ID");

        Assert.Equal("The key id 'NOT-AN-ID' is not 12 lowercase hex digits.", await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
    }

    [Fact]
    public async Task Audit_ListsKeyChangesWithoutAModel()
    {
        await _server.Http.PostAsync("/api/v1/keys", Http.Json(new ApiKeyRequest("ops", Role.Viewer, null, null)));

        var page = await _server.Http.GetOkAsync<Page<AuditEntry>>("/api/v1/audit");

        Assert.Equal(["key.create", "key.create"], page.Items.Select(e => e.Action));
        Assert.Contains("\"ops\"", page.Items[0].After);
        Assert.Contains(FirstAdminKey.Name, page.Items[1].After);
        Assert.All(page.Items, e => Assert.Null(e.Model));
    }
}
