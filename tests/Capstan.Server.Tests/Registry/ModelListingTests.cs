using System.Net;
using Capstan.Core.Registry;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Registry;

public sealed class ModelListingTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        foreach (var name in new[] { "churn-a", "churn-b", "churn-c", "fraud", "rank" })
            await _server.Http.PushAsync(name, TestModels.BreastCancerOnnx);
        (await _server.Http.PatchAsync("/api/v1/models/churn-b", Http.Json(new ModelUpdate(Tags: new Dictionary<string, string> { ["team"] = "growth" })))).EnsureSuccessStatusCode();
        (await _server.Http.PatchAsync("/api/v1/models/fraud", Http.Json(new ModelUpdate(Tags: new Dictionary<string, string> { ["team"] = "risk" })))).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListModels_WalksPagesInNameOrder()
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await _server.Http.GetOkAsync<Page<ModelInfo>>($"/api/v1/models?pageSize=2{(token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token))}");
            Assert.True(page.Items.Count <= 2);
            names.AddRange(page.Items.Select(m => m.Name));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(["churn-a", "churn-b", "churn-c", "fraud", "rank"], names);
    }

    [Theory]
    [InlineData("?prefix=churn", new[] { "churn-a", "churn-b", "churn-c" })]
    [InlineData("?tag=team", new[] { "churn-b", "fraud" })]
    [InlineData("?tag=team%3Drisk", new[] { "fraud" })]
    [InlineData("?prefix=churn&tag=team", new[] { "churn-b" })]
    public async Task ListModels_FiltersByPrefixAndTag(string query, string[] expected)
    {
        var page = await _server.Http.GetOkAsync<Page<ModelInfo>>("/api/v1/models" + query);

        Assert.Equal(expected, page.Items.Select(m => m.Name));
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=abc")]
    [InlineData("?pageToken=not-a-token")]
    [InlineData("?prefix=%25")]
    public async Task ListModels_RefusesBadPagingWithAProblem(string query)
    {
        using var response = await _server.Http.GetAsync("/api/v1/models" + query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput");
    }

    [Fact]
    public async Task UpdateModel_ChangesDescriptionAndTags()
    {
        var updated = await (await _server.Http.PatchAsync("/api/v1/models/rank", Http.Json(new ModelUpdate("Ranks things", new Dictionary<string, string> { ["tier"] = "1" })))).ReadOkAsync<ModelInfo>();

        Assert.Equal("Ranks things", updated.Description);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "1" }, updated.Tags);
        var stored = await _server.Http.GetOkAsync<ModelInfo>("/api/v1/models/rank");
        Assert.Equal(("Ranks things", "1"), (stored.Description, stored.Tags["tier"]));
    }

    [Theory]
    [InlineData("{\"description\": ", "not valid JSON")]
    [InlineData("{\"tags\": {\"a b\": \"x\"}}", "tag name")]
    public async Task UpdateModel_RefusesMalformedOrInvalidBodies(string body, string expected)
    {
        using var response = await _server.Http.PatchAsync("/api/v1/models/rank", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(expected, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
    }

    [Fact]
    public async Task GetModel_SummarizesVersionsAndAliases()
    {
        await _server.Http.PushAsync("fraud", TestModels.BreastCancerMlNet, new { alias = "champion" });

        var model = await _server.Http.GetOkAsync<ModelInfo>("/api/v1/models/fraud");

        Assert.Equal((2, 2), (model.LatestVersion, model.VersionCount));
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 2 }, model.Aliases);
    }
}
