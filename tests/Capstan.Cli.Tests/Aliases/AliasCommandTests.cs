using Capstan.Server.Security;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Aliases;

public sealed class AliasCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task AliasSet_ResolvesTheReferenceAndPointsTheAliasAtIt()
    {
        await PushTwiceAsync();

        var run = await SucceedAsync("alias", "set", "bc", "champion");

        Assert.Equal("bc@champion -> bc:2", run.Output.Trim());
    }

    [Fact]
    public async Task AliasSet_WithJson_PrintsTheAliasAndWhoMovedIt()
    {
        await PushTwiceAsync();

        var alias = await JsonAsync<AliasInfo>("alias", "set", "bc:1", "champion");

        Assert.Equal(("champion", 1, FirstAdminKey.Name), (alias.Alias, alias.Version, alias.UpdatedBy));
    }

    [Fact]
    public async Task AliasListAndHistory_ShowEveryMove()
    {
        await PushTwiceAsync();
        await SucceedAsync("alias", "set", "bc:1", "champion");
        await SucceedAsync("alias", "set", "bc:2", "champion");

        var table = (await SucceedAsync("alias", "list", "bc")).Output;
        var aliases = await JsonAsync<AliasInfo[]>("alias", "list", "bc");
        var history = await JsonAsync<AliasChange[]>("alias", "history", "bc", "champion");

        Assert.Contains("bc:2", table);
        Assert.Equal([("champion", 2)], aliases.Select(a => (a.Alias, a.Version)));
        Assert.Equal([(null, 1), (1, 2)], history.Select(c => (c.PreviousVersion, c.Version)));
        Assert.Contains(FirstAdminKey.Name, (await SucceedAsync("alias", "history", "bc", "champion")).Output);
    }

    [Fact]
    public async Task AliasRemove_SaysWhereTheAliasPointed()
    {
        await PushTwiceAsync();
        await SucceedAsync("alias", "set", "bc:1", "champion");

        var run = await SucceedAsync("alias", "rm", "bc", "champion");

        Assert.Equal("Removed bc@champion (was bc:1).", run.Output.Trim());
        Assert.Equal("No aliases.", (await SucceedAsync("alias", "list", "bc")).Output.Trim());
    }

    [Fact]
    public async Task AliasSet_ToAMissingVersion_ExitsWithCode3()
    {
        await PushTwiceAsync();

        var run = await RunAsync("alias", "set", "bc:7", "champion");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    private async Task PushTwiceAsync()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
    }
}
