using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Models;

public sealed class ModelsCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Models_PrintsATableWithEveryModel()
    {
        await SucceedAsync("push", "fraud", TestModels.BreastCancerOnnx, "--alias", "champion");
        await SucceedAsync("push", "churn", TestModels.BreastCancerMlNet);

        var run = await SucceedAsync("models");

        Assert.Contains("Name", run.Output);
        Assert.Contains("fraud", run.Output);
        Assert.Contains("champion=1", run.Output);
        Assert.Contains("churn", run.Output);
    }

    [Fact]
    public async Task Models_WithJson_PrintsTheModelsInNameOrder()
    {
        await SucceedAsync("push", "fraud", TestModels.BreastCancerOnnx);
        await SucceedAsync("push", "churn", TestModels.BreastCancerMlNet);

        var models = await JsonAsync<ModelInfo[]>("models");

        Assert.Equal([("churn", 1), ("fraud", 1)], models.Select(m => (m.Name, m.LatestVersion!.Value)));
    }

    [Fact]
    public async Task Models_WithAPrefix_ListsOnlyTheMatchingModels()
    {
        await SucceedAsync("push", "fraud", TestModels.BreastCancerOnnx);
        await SucceedAsync("push", "churn", TestModels.BreastCancerOnnx);

        var models = await JsonAsync<ModelInfo[]>("models", "--prefix", "fr");

        Assert.Equal(["fraud"], models.Select(m => m.Name));
    }

    [Fact]
    public async Task Models_OnAnEmptyRegistry_SaysSo()
    {
        Assert.Equal("No models.", (await SucceedAsync("models")).Output.Trim());
    }
}
