using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Registry;

public sealed class ModelTests : LiveServerTests
{
    [Fact]
    public async Task ListModelsAsync_FiltersByPrefixAndModelTag()
    {
        await PushAsync("fraud-eu", team: "risk");
        await PushAsync("fraud-us", team: "ops");
        await PushAsync("churn", team: "risk");

        var byPrefix = (await Client.ListModelsAsync(prefix: "fraud", cancellationToken: Cancellation)).Value;
        var byTag = (await Client.ListModelsAsync(tag: "team=risk", cancellationToken: Cancellation)).Value;

        Assert.Equal(["fraud-eu", "fraud-us"], byPrefix.Items.Select(m => m.Name));
        Assert.Equal(["churn", "fraud-eu"], byTag.Items.Select(m => m.Name));
    }

    [Fact]
    public async Task ListAllModelsAsync_WalksEveryPageInNameOrder()
    {
        foreach (var name in new[] { "e", "c", "a", "d", "b" })
            await PushAsync(name);

        var names = new List<string>();
        await foreach (var model in Client.ListAllModelsAsync(pageSize: 2, cancellationToken: Cancellation))
            names.Add(model.Value.Name);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
    }

    [Fact]
    public async Task UpdateModelAsync_ChangesTheDescriptionAndTags()
    {
        await PushAsync("fraud");

        await Client.UpdateModelAsync("fraud", new ModelUpdate("Scores card payments.", new Dictionary<string, string> { ["team"] = "risk" }), Cancellation);

        var model = (await Client.GetModelAsync("fraud", Cancellation)).Value;
        Assert.Equal(("Scores card payments.", "risk", 1, 1), (model.Description, model.Tags["team"], model.LatestVersion, model.VersionCount));
    }

    [Fact]
    public async Task GetModelAsync_OfAnUnknownModel_IsNotFoundWithTheServersDetail()
    {
        var error = (await Client.GetModelAsync("nobody", Cancellation)).Error;

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Contains("nobody", error.Message);
    }

    private async Task PushAsync(string name, string? team = null)
    {
        Assert.True((await Client.PushAsync(name, TestModels.BreastCancerOnnx, cancellationToken: Cancellation)).IsSuccess);
        if (team is not null)
            Assert.True((await Client.UpdateModelAsync(name, new ModelUpdate(Tags: new Dictionary<string, string> { ["team"] = team }), Cancellation)).IsSuccess);
    }
}
