using System.Net;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Security;

public sealed class DeniedRequestAuditTests
{
    [Fact]
    public async Task DeniedRequests_AreAuditedWithWhoWhatAndWhyAndTheChainStillVerifies()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var wrongKey = new HttpClient { BaseAddress = server.BaseAddress };
        wrongKey.DefaultRequestHeaders.Add("x-api-key", "cap_000000000000_not-the-secret");

        using var first = await anonymous.DeleteAsync("/api/v1/versions/fraud:1", TestContext.Current.CancellationToken);
        using var second = await wrongKey.GetAsync("/api/v1/models/fraud", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (first.StatusCode, second.StatusCode));
        var entries = (await server.Http.GetOkAsync<Page<AuditEntry>>("/api/v1/audit")).Items.Where(e => e.Action == "request.denied").ToList();
        Assert.Equal(2, entries.Count);
        var deleteAttempt = entries.Single(e => e.Target == "DELETE /api/v1/versions/fraud:1");
        Assert.Equal(("anonymous", "127.0.0.1"), (deleteAttempt.Actor.Name, deleteAttempt.Actor.Address));
        Assert.Contains("401", deleteAttempt.After);
        Assert.Contains("Authentication is required", deleteAttempt.After);
        Assert.Equal("fraud", entries.Single(e => e.Target == "GET /api/v1/models/fraud").Model);
        Assert.True((await server.Http.GetOkAsync<AuditVerification>("/api/v1/audit/verify")).Intact);
    }

    [Fact]
    public async Task ChangesAreAuditedUnderTheAuthenticatedKeysNameAndId()
    {
        await using var server = await RunningServer.StartAsync();

        await server.Http.PushAsync("bc", Capstan.Testing.Models.TestModels.BreastCancerOnnx);

        var push = (await server.Http.GetOkAsync<Page<AuditEntry>>("/api/v1/audit?model=bc")).Items.Single(e => e.Action == "version.push");
        Assert.Equal(Capstan.Server.Security.FirstAdminKey.Name, push.Actor.Name);
        Assert.Equal(Capstan.Server.Security.ApiKeys.IdOf(server.AdminKey!), push.Actor.KeyId);
    }
}
