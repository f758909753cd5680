using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Capstan.Core.Registry;
using Capstan.Server.Security;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Registry;

public sealed class VersionLifecycleTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.Http.PushAsync("fraud", TestModels.BreastCancerOnnx);
        await _server.Http.PushAsync("fraud", TestModels.BreastCancerMlNet);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("fraud:1", 1)]
    [InlineData("fraud", 2)]
    [InlineData("fraud%3A2", 2)]
    public async Task GetVersion_ResolvesEachKindOfReference(string reference, int expected)
    {
        var version = await _server.Http.GetOkAsync<ModelVersionInfo>($"/api/v1/versions/{reference}");

        Assert.Equal(expected, version.Version);
    }

    [Theory]
    [InlineData("fraud:9", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("ghost", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("fraud@nobody", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("fraud:0", HttpStatusCode.BadRequest, "InvalidInput")]
    [InlineData("fraud:x", HttpStatusCode.BadRequest, "InvalidInput")]
    [InlineData("fraud:1@a", HttpStatusCode.BadRequest, "InvalidInput")]
    public async Task GetVersion_AnswersAProblemForAReferenceThatNamesNothing(string reference, HttpStatusCode status, string code)
    {
        using var response = await _server.Http.GetAsync($"/api/v1/versions/{reference}");

        var detail = await response.AssertProblemAsync(status, code);
        Assert.False(string.IsNullOrWhiteSpace(detail));
    }

    [Fact]
    public async Task Alias_MovesAtomicallyKeepsHistoryAndResolves()
    {
        (await _server.Http.PutAsync("/api/v1/models/fraud/aliases/champion", Http.Json(new AliasTarget(1)))).EnsureSuccessStatusCode();
        var moved = await (await _server.Http.PutAsync("/api/v1/models/fraud/aliases/champion", Http.Json(new AliasTarget(2)))).ReadOkAsync<AliasInfo>();
        var resolved = await _server.Http.GetOkAsync<ModelVersionInfo>("/api/v1/versions/fraud@champion");
        var removed = await (await _server.Http.DeleteAsync("/api/v1/models/fraud/aliases/champion")).ReadOkAsync<AliasInfo>();

        var history = await _server.Http.GetOkAsync<List<AliasChange>>("/api/v1/models/fraud/aliases/champion/history");
        Assert.Equal((2, 2, 2), (moved.Version, resolved.Version, removed.Version));
        Assert.Equal([(1, null), (2, 1), (null, 2)], history.Select(h => (h.Version, h.PreviousVersion)));
        using var gone = await _server.Http.GetAsync("/api/v1/versions/fraud@champion");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Alias_RecordsTheAuthenticatedCallerNotTheNameItClaims()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/models/fraud/aliases/staging") { Content = Http.Json(new AliasTarget(1)) };
        request.Headers.Add("X-Capstan-User", "grace");

        var alias = await (await _server.Http.SendAsync(request)).ReadOkAsync<AliasInfo>();

        Assert.Equal(FirstAdminKey.Name, alias.UpdatedBy);
    }

    [Fact]
    public async Task Alias_WithAuthenticationOff_RecordsTheNameTheClientGives()
    {
        await using var open = await RunningServer.StartAsync(o => o.Auth.Disabled = true);
        await open.Http.PushAsync("fraud", TestModels.BreastCancerOnnx);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/models/fraud/aliases/staging") { Content = Http.Json(new AliasTarget(1)) };
        request.Headers.Add("X-Capstan-User", "grace");

        var alias = await (await open.Http.SendAsync(request)).ReadOkAsync<AliasInfo>();

        Assert.Equal("grace", alias.UpdatedBy);
    }

    [Theory]
    [InlineData("/api/v1/models/fraud/aliases/champion", 9, HttpStatusCode.NotFound, "NotFound")]
    [InlineData("/api/v1/models/fraud/aliases/1st", 1, HttpStatusCode.BadRequest, "InvalidInput")]
    [InlineData("/api/v1/models/fraud/aliases/a%2F..", 1, HttpStatusCode.BadRequest, "InvalidInput")]
    [InlineData("/api/v1/models/nobody/aliases/champion", 1, HttpStatusCode.NotFound, "NotFound")]
    public async Task Alias_RefusesABadAliasOrAMissingVersion(string path, int version, HttpStatusCode status, string code)
    {
        using var response = await _server.Http.PutAsync(path, Http.Json(new AliasTarget(version)));

        await response.AssertProblemAsync(status, code);
    }

    [Fact]
    public async Task Archive_HidesTheVersionFromListingsAndLatestButNotFromItsNumber()
    {
        (await _server.Http.PostAsync("/api/v1/versions/fraud:2/archive", null)).EnsureSuccessStatusCode();

        var listed = await _server.Http.GetOkAsync<Page<ModelVersionInfo>>("/api/v1/models/fraud/versions");
        var all = await _server.Http.GetOkAsync<Page<ModelVersionInfo>>("/api/v1/models/fraud/versions?includeArchived=true");
        var latest = await _server.Http.GetOkAsync<ModelVersionInfo>("/api/v1/versions/fraud");
        var byNumber = await _server.Http.GetOkAsync<ModelVersionInfo>("/api/v1/versions/fraud:2");
        Assert.Equal([1], listed.Items.Select(v => v.Version));
        Assert.Equal([2, 1], all.Items.Select(v => v.Version));
        Assert.Equal(1, latest.Version);
        Assert.True(byNumber.Archived);

        var restored = await (await _server.Http.PostAsync("/api/v1/versions/fraud:2/unarchive", null)).ReadOkAsync<ModelVersionInfo>();
        Assert.False(restored.Archived);
        Assert.Equal(2, (await _server.Http.GetOkAsync<ModelVersionInfo>("/api/v1/versions/fraud")).Version);
    }

    [Fact]
    public async Task Delete_IsRefusedWhileAnAliasRefersToTheVersionAndRemovesTheArtifactAfter()
    {
        (await _server.Http.PutAsync("/api/v1/models/fraud/aliases/champion", Http.Json(new AliasTarget(2)))).EnsureSuccessStatusCode();

        using var refused = await _server.Http.DeleteAsync("/api/v1/versions/fraud:2");
        Assert.Contains("champion", await refused.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict"));

        (await _server.Http.DeleteAsync("/api/v1/models/fraud/aliases/champion")).EnsureSuccessStatusCode();
        var deleted = await (await _server.Http.DeleteAsync("/api/v1/versions/fraud:2")).ReadOkAsync<ModelVersionInfo>();
        Assert.False(File.Exists(Path.Combine(_server.DataDirectory, "artifacts", "sha256", deleted.Sha256[..2], deleted.Sha256)));
        using var gone = await _server.Http.GetAsync("/api/v1/versions/fraud:2");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal(3, (await _server.Http.PushAsync("fraud", TestModels.BreastCancerMlNet)).Version);
    }

    [Fact]
    public async Task Delete_IsRefusedWhileAnotherVersionNamesItAsParent()
    {
        await _server.Http.PushAsync("child", TestModels.BreastCancerOnnx, new { lineage = new { parent = "fraud:1" } });

        using var refused = await _server.Http.DeleteAsync("/api/v1/versions/fraud:1");

        Assert.Contains("child:1", await refused.AssertProblemAsync(HttpStatusCode.Conflict, "Conflict"));
    }

    [Fact]
    public async Task Delete_NeedsAnExactVersionNumber()
    {
        using var response = await _server.Http.DeleteAsync("/api/v1/versions/fraud");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput");
    }

    [Fact]
    public async Task Download_SendsTheExactBytesWithTheirDigestAndFileName()
    {
        using var response = await _server.Http.GetAsync("/api/v1/versions/fraud:1/artifact");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var expected = await File.ReadAllBytesAsync(TestModels.BreastCancerOnnx);
        Assert.Equal(expected, bytes);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(expected))}:", response.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal("fraud:1", response.Headers.GetValues("X-Capstan-Version").Single());
        Assert.Equal("fraud-1.onnx", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(expected.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Download_ResumesFromARange()
    {
        using var ranged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/versions/fraud:2/artifact");
        ranged.Headers.Range = new RangeHeaderValue(100, null);
        using var response = await _server.Http.SendAsync(ranged);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal((await File.ReadAllBytesAsync(TestModels.BreastCancerMlNet))[100..], await response.Content.ReadAsByteArrayAsync());
    }
}
