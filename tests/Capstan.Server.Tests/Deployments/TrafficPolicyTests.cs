using System.Net;
using Capstan.Core.Registry;
using Capstan.Server.Security;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Deployments;

public sealed class TrafficPolicyTests : IAsyncLifetime
{
    private static readonly DeploymentRequest Canary = new(
        "bc:1", Variants: [new TrafficVariant("bc:1", 90), new TrafficVariant("bc:2", 10)], Shadow: new ShadowTraffic("bc:3", 20),
        Sticky: new StickyKey(null, "user-id"), Reason: "canary of 2");

    private RunningServer _server = null!;

    private HttpClient Http => _server.Http;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        for (var i = 0; i < 3; i++)
            await Http.PushAsync("bc", TestModels.BreastCancerOnnx);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deploy_StoresACanaryWithShadowAndStickyKeyAndReturnsThem()
    {
        var deployed = await PutAsync(Canary);
        var fetched = await Http.GetOkAsync<Deployment>("/api/v1/deployments/bc");
        var listed = Assert.Single(await Http.GetOkAsync<Deployment[]>("/api/v1/deployments"));

        var expected = new DeploymentSpec("bc:1", BatchingSettings.Default, null, Canary.Variants, Canary.Shadow, Canary.Sticky);
        Assert.All(new[] { deployed, fetched, listed }, d => Assert.Equal(expected, DeploymentSpec.Of(d)));
    }

    [Fact]
    public async Task Deploy_TakesTheTargetFromTheFirstVariantAndTreatsOneVariantAsTheTargetAlone()
    {
        var split = await PutAsync(new DeploymentRequest(null!, Variants: [new TrafficVariant("bc:2", 50), new TrafficVariant("bc:3", 50)]));
        var single = await PutAsync(new DeploymentRequest("bc:3", Variants: [new TrafficVariant("bc:3", 100)]));

        Assert.Equal("bc:2", split.Target);
        Assert.Null(single.Variants);
        Assert.Equal([new TrafficVariant("bc:3", 100)], single.LiveVariants);
    }

    [Theory]
    [InlineData("""{"target":"bc:1","variants":[{"target":"bc:1","weight":80},{"target":"bc:2","weight":10}]}""", "The variants' weights add up to 90, not 100.")]
    [InlineData("""{"target":"bc:1","variants":[{"target":"bc:1","weight":100},{"target":"bc:2","weight":0}]}""", "The weight of bc:2 is 0; each variant takes 1 to 100 percent.")]
    [InlineData("""{"target":"bc:1","variants":[{"target":"bc:1","weight":101}]}""", "The weight of bc:1 is 101; each variant takes 1 to 100 percent.")]
    [InlineData("""{"target":"bc:1","variants":[{"target":"bc:1","weight":60},{"target":"bc:2","weight":10},{"target":"bc:3","weight":10},{"target":"bc","weight":10},{"target":"bc@x","weight":10}]}""", "A deployment splits traffic between at most 4 variants, not 5.")]
    [InlineData("""{"target":"bc:1","variants":[{"target":"bc:1","weight":50},{"target":"bc:1","weight":50}]}""", "The variant bc:1 is listed twice.")]
    [InlineData("""{"target":"bc:1","variants":[{"target":"bc:2","weight":50},{"target":"bc:1","weight":50}]}""", "The first variant is the stable one and must be the target bc:1, not bc:2.")]
    [InlineData("""{"target":"bc:1","variants":[{"target":"bc:1","weight":50},{"target":"churn:1","weight":50}]}""", "A deployment of 'bc' serves versions of 'bc', so its variant target cannot be 'churn:1'.")]
    [InlineData("""{"target":"bc:1","variants":[]}""", "A deployment that lists variants must list at least one; leave the list out to serve the target alone.")]
    [InlineData("""{"target":"bc:1","shadow":{"target":"bc:1","percent":10}}""", "The shadow target bc:1 already takes live traffic; shadow a version that does not.")]
    [InlineData("""{"target":"bc:1","shadow":{"target":"bc:2","percent":0}}""", "The shadow of bc:2 copies 0 percent of the requests; give 1 to 100.")]
    [InlineData("""{"target":"bc:1","shadow":{"target":"other:2","percent":5}}""", "A deployment of 'bc' serves versions of 'bc', so its shadow target cannot be 'other:2'.")]
    [InlineData("""{"target":"bc:1","sticky":{}}""", "A sticky key names a request header or an inference parameter; it names neither.")]
    [InlineData("""{"target":"bc:1","sticky":{"header":"x-user","parameter":"bad name"}}""", "The sticky parameter 'bad name' contains a space; only ASCII letters, digits, '-', '_' and '.' are allowed.")]
    [InlineData("""{"target":"bc:1","sticky":{"header":"x user:1"}}""", "The sticky header 'x user:1' may contain only ASCII letters, digits and '-'.")]
    [InlineData("""{"target":"bc:1","sticky":{"parameter":"user/id"}}""", "The sticky parameter 'user/id' contains a path separator '/'; only ASCII letters, digits, '-', '_' and '.' are allowed.")]
    [InlineData("""{"target":"bc:1","reason":"two\nlines"}""", "The reason 'two\\u000Alines' contains a control character; give it on one line.")]
    public async Task Deploy_RefusesABadTrafficPolicyWithAPreciseMessage(string body, string message)
    {
        using var response = await Http.PutAsync("/api/v1/deployments/bc", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(message, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        using var revisions = await Http.GetAsync("/api/v1/deployments/bc/revisions");
        Assert.Equal(HttpStatusCode.NotFound, revisions.StatusCode);
    }

    [Fact]
    public async Task Deploy_RefusesAVariantOrShadowThatDoesNotResolve()
    {
        using var variant = await Http.PutAsync("/api/v1/deployments/bc", Support.Http.Json(
            new DeploymentRequest("bc:1", Variants: [new TrafficVariant("bc:1", 50), new TrafficVariant("bc:9", 50)])));
        using var shadow = await Http.PutAsync("/api/v1/deployments/bc", Support.Http.Json(new DeploymentRequest("bc:1", Shadow: new ShadowTraffic("bc@nope", 5))));

        Assert.Equal("Model 'bc' has no version 9.", await variant.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Equal("Model 'bc' has no alias 'nope'.", await shadow.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
    }

    [Fact]
    public async Task Revisions_ListEveryChangeWithWhoWhenAndWhyAndOutliveAnUndeploy()
    {
        var first = await PutAsync(new DeploymentRequest("bc:1", Reason: "first release"));
        await PutAsync(Canary);
        (await Http.DeleteAsync("/api/v1/deployments/bc")).EnsureSuccessStatusCode();

        var revisions = await Http.GetOkAsync<DeploymentRevision[]>("/api/v1/deployments/bc/revisions");

        Assert.Equal(
            [(1L, DeploymentChange.Set, "bc:1", "first release"), (2, DeploymentChange.Set, "bc:1", "canary of 2"), (3, DeploymentChange.Remove, "bc:1", null)],
            revisions.Select(r => (r.Revision, r.Change, r.Spec.Target, r.Reason)));
        Assert.All(revisions, r => Assert.Equal(FirstAdminKey.Name, r.ChangedBy));
        Assert.Equal(first.UpdatedAt, revisions[0].ChangedAt);
        Assert.Equal(Canary.Variants, revisions[2].Spec.Variants);
    }

    [Fact]
    public async Task Rollback_ReturnsToThePreviousRevisionOrAGivenOneAsANewRevision()
    {
        await PutAsync(new DeploymentRequest("bc:1"));
        await PutAsync(Canary);
        await PutAsync(new DeploymentRequest("bc:3"));

        var previous = await PostRollbackAsync("{}");
        var given = await PostRollbackAsync("""{"toRevision": 1, "reason": "canary too slow"}""");

        Assert.Equal((4L, "bc:1"), (previous.Revision, previous.Target));
        Assert.Equal(Canary.Variants, previous.Variants);
        Assert.Equal((5L, "bc:1"), (given.Revision, given.Target));
        Assert.Null(given.Variants);
        var revisions = await Http.GetOkAsync<DeploymentRevision[]>("/api/v1/deployments/bc/revisions");
        Assert.Equal(
            [(4L, DeploymentChange.Rollback, (long?)2, "rollback to revision 2"), (5, DeploymentChange.Rollback, 1, "canary too slow")],
            revisions.Skip(3).Select(r => (r.Revision, r.Change, r.RestoredRevision, r.Reason)));
        Assert.Equal(revisions[1].Spec, revisions[3].Spec);
    }

    [Fact]
    public async Task Rollback_IsRefusedForANeverDeployedModelABadRevisionAndADeletedVersion()
    {
        using var never = await Http.PostAsync("/api/v1/deployments/bc/rollback", Support.Http.Json(new RollbackRequest()));
        Assert.Equal("Model 'bc' has never been deployed.", await never.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));

        await PutAsync(Canary);
        await PutAsync(new DeploymentRequest("bc:1"));
        using var zero = await Http.PostAsync("/api/v1/deployments/bc/rollback", Support.Http.Json(new RollbackRequest(0)));
        Assert.Equal("A revision is a positive number, not 0.", await zero.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));

        (await Http.DeleteAsync("/api/v1/versions/bc:2")).EnsureSuccessStatusCode();
        using var deleted = await Http.PostAsync("/api/v1/deployments/bc/rollback", Support.Http.Json(new RollbackRequest()));
        Assert.Equal(
            "Revision 1 of 'bc' cannot be restored: Model 'bc' has no version 2.",
            await deleted.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
    }

    private async Task<Deployment> PutAsync(DeploymentRequest request)
    {
        using var response = await Http.PutAsync("/api/v1/deployments/bc", Support.Http.Json(request));
        return await response.ReadOkAsync<Deployment>();
    }

    private async Task<Deployment> PostRollbackAsync(string body)
    {
        using var response = await Http.PostAsync("/api/v1/deployments/bc/rollback", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        return await response.ReadOkAsync<Deployment>();
    }
}
