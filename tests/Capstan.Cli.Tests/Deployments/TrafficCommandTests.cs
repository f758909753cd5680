using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Server.Security;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Deployments;

public sealed class TrafficCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Status_ShowsEachLoadedVersionsShareOfTrafficAndTheShadow()
    {
        await PushAsync(3);
        await SucceedAsync("deploy", "--weights", "bc:1=90,bc:2=10", "--shadow", "bc:3=5");

        var lines = (await SucceedAsync("status")).Output.Split('\n');

        Assert.Contains(lines, l => l.Contains("│ 1 ", StringComparison.Ordinal) && l.Contains("90%", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ 2 ", StringComparison.Ordinal) && l.Contains("10%", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ 3 ", StringComparison.Ordinal) && l.Contains("shadow 5%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployCanary_KeepsTheStableTargetAndItsSettingsAndSendsThePercentToTheCanary()
    {
        await PushAsync(2);
        await SucceedAsync("deploy", "bc:1", "--max-batch-size", "8", "--no-wait");

        var canary = await JsonAsync<Deployment>("deploy", "bc:2", "--canary", "10", "--sticky-header", "x-user-id", "--reason", "try 2", "--no-wait");

        Assert.Equal(("bc:1", 8), (canary.Target, canary.Batching.MaxBatchSize));
        Assert.Equal([new TrafficVariant("bc:1", 90), new TrafficVariant("bc:2", 10)], canary.Variants);
        Assert.Equal(new StickyKey("x-user-id", null), canary.Sticky);
        Assert.Contains("bc:1 90%, bc:2 10%; sticky on header x-user-id", (await SucceedAsync("deployments")).Output);
    }

    [Fact]
    public async Task DeployWeights_SplitsExplicitlyWithAShadowAndAStickyParameter()
    {
        await PushAsync(3);

        var deployed = await JsonAsync<Deployment>("deploy", "--weights", "bc:1=70, bc:2=30", "--shadow", "bc:3=5", "--sticky-param", "user-id", "--no-wait");
        var plain = await JsonAsync<Deployment>("deploy", "bc:3", "--no-wait");

        Assert.Equal([new TrafficVariant("bc:1", 70), new TrafficVariant("bc:2", 30)], deployed.Variants);
        Assert.Equal((new ShadowTraffic("bc:3", 5), new StickyKey(null, "user-id")), (deployed.Shadow, deployed.Sticky));
        Assert.Equal(("bc:3", null, null), (plain.Target, plain.Variants, plain.Shadow));
    }

    [Theory]
    [InlineData(ExitCodes.InvalidInput, "--canary takes 1 to 99 percent, not 100.", "deploy", "bc:2", "--canary", "100")]
    [InlineData(ExitCodes.Conflict, "--canary sends 10% to bc:2 and the rest to the deployed stable version, but: Model 'bc' is not deployed. Deploy a stable version first.", "deploy", "bc:2", "--canary", "10")]
    [InlineData(ExitCodes.InvalidInput, "--weights 'bc:1=x' is not REF=PERCENT, such as fraud:2=10.", "deploy", "--weights", "bc:1=x")]
    [InlineData(ExitCodes.InvalidInput, "Give the versions either as REF (with --canary) or in --weights, not both.", "deploy", "bc:1", "--weights", "bc:1=100")]
    [InlineData(ExitCodes.InvalidInput, "Give REF, the version to deploy, or the versions with --weights.", "deploy")]
    [InlineData(ExitCodes.InvalidInput, "The variants' weights add up to 110, not 100.", "deploy", "--weights", "bc:1=90,bc:2=20")]
    [InlineData(ExitCodes.InvalidInput, "--shadow 'bc:2=most' is not REF or REF=PERCENT, such as fraud:3=20.", "deploy", "bc:1", "--shadow", "bc:2=most")]
    [InlineData(ExitCodes.InvalidInput, "The sticky header 'x_user' may contain only ASCII letters, digits and '-'.", "deploy", "bc:1", "--sticky-header", "x_user")]
    public async Task Deploy_RefusesBadTrafficOptionsWithOneLine(int exitCode, string message, params string[] args)
    {
        await PushAsync(2);

        var run = await RunAsync(args);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal($"error: {message}", run.Errors.Trim());
        Assert.Empty(await JsonAsync<Deployment[]>("deployments"));
    }

    [Fact]
    public async Task History_ListsEveryChangeWithWhoWhatAndWhy()
    {
        await PushAsync(2);
        await SucceedAsync("deploy", "bc:1", "--reason", "first release", "--no-wait");
        await SucceedAsync("deploy", "bc:2", "--canary", "25", "--no-wait");
        await SucceedAsync("undeploy", "bc");

        var table = (await SucceedAsync("history", "bc")).Output;
        var revisions = await JsonAsync<DeploymentRevision[]>("history", "bc");

        Assert.Equal([DeploymentChange.Set, DeploymentChange.Set, DeploymentChange.Remove], revisions.Select(r => r.Change));
        Assert.Contains("first release", table);
        Assert.Contains("bc:1 75%, bc:2 25%", table);
        Assert.Contains("undeployed", table);
        Assert.Contains(FirstAdminKey.Name, table);
        Assert.Equal(ExitCodes.NotFound, (await RunAsync("history", "nothing")).ExitCode);
    }

    [Fact]
    public async Task Rollback_ReturnsToThePreviousRevisionOrTheOneGivenAsANewRevision()
    {
        await PushAsync(2);
        await SucceedAsync("deploy", "bc:1", "--no-wait");
        await SucceedAsync("deploy", "bc:2", "--canary", "10", "--no-wait");

        var previous = (await SucceedAsync("rollback", "bc")).Output;
        var given = await JsonAsync<Deployment>("rollback", "bc", "--to", "2", "--reason", "retry the canary");

        Assert.Equal("Rolled back bc: revision 3 serves bc:1.", previous.Trim());
        Assert.Equal(4L, given.Revision);
        Assert.Equal([new TrafficVariant("bc:1", 90), new TrafficVariant("bc:2", 10)], given.Variants);
        var history = (await SucceedAsync("history", "bc")).Output;
        Assert.Contains("rolled back to 1: bc:1", history);
        Assert.Contains("retry the canary", history);
        Assert.Equal(ExitCodes.NotFound, (await RunAsync("rollback", "bc", "--to", "9")).ExitCode);
    }

    [Fact]
    public async Task Apply_OfTheSameFileTwiceMakesOneRevisionAndPrintsWhatChanged()
    {
        await PushAsync(3);
        var file = Files.Write("bc.yaml", """
            model: bc
            variants:
              - target: bc:1
                weight: 90
              - target: bc:2
                weight: 10
            shadow:
              target: bc:3
              percent: 20
            sticky:
              header: x-user-id
            batching:
              maxBatchSize: 4
            """);

        var first = (await SucceedAsync("apply", "-f", file)).Output;
        var second = (await SucceedAsync("apply", "-f", file)).Output;
        Files.Write("bc.yaml", """
            model: bc
            target: bc:2
            batching:
              maxBatchSize: 4
            """);
        var third = (await SucceedAsync("apply", "-f", file)).Output;

        Assert.Contains("bc: revision 1", first);
        Assert.Contains("variants: - → bc:1 90%, bc:2 10%", first);
        Assert.Contains("shadow: - → bc:3 20%", first);
        Assert.Equal("bc: unchanged (revision 1).", second.Trim());
        Assert.Equal(
            ["bc: revision 2", "target: bc:1 → bc:2", "variants: bc:1 90%, bc:2 10% → -", "shadow: bc:3 20% → -", "sticky: header x-user-id → -"],
            third.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var revisions = await JsonAsync<DeploymentRevision[]>("history", "bc");
        Assert.Equal(["capstan apply -f bc.yaml", "capstan apply -f bc.yaml"], revisions.Select(r => r.Reason));
    }

    [Fact]
    public async Task Apply_ReadsJsonToo()
    {
        await PushAsync(1);
        var file = Files.Write("bc.json", """{"model": "bc", "target": "bc:1", "outputs": ["Probability.output"]}""");

        var applied = await JsonAsync<ApplyResultView>("apply", "-f", file);

        Assert.Equal(["target", "batching", "outputs"], applied.Changes.Select(c => c.Field));
        Assert.Empty((await JsonAsync<ApplyResultView>("apply", "-f", file)).Changes);
    }

    [Theory]
    [InlineData("bad.yaml", "model: bc\ntarget: bc:1\nreplicas: 3\n", "line 3", "replicas")]
    [InlineData("bad.yaml", "model: bc\nvariants:\n  - target: bc:1\n    weight: lots\n", "line 4", "lots")]
    [InlineData("bad.json", "{\"model\": \"bc\",\n \"target\": \"bc:1\",\n \"replicas\": 3}", "line 3", "replicas")]
    [InlineData("bad.yaml", "target: bc:1\n", "names no model", "model: NAME")]
    [InlineData("bad.yaml", "model: bc\n", "neither a target nor variants", "bad.yaml")]
    [InlineData("bad.yaml", "model: bc\ntarget: bc:1\nshadow:\n  target: bc:1\n", "already takes live traffic", "bc:1")]
    public async Task Apply_OfABadFileNamesTheProblemAndChangesNothing(string name, string content, string expected, string alsoExpected)
    {
        await PushAsync(1);
        var file = Files.Write(name, content);

        var run = await RunAsync("apply", "-f", file);

        Assert.NotEqual(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(expected, run.Errors);
        Assert.Contains(alsoExpected, run.Errors);
        Assert.Empty(await JsonAsync<Deployment[]>("deployments"));
    }

    private async Task PushAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
    }

    private sealed record ApplyResultView(string Model, ChangeView[] Changes);

    private sealed record ChangeView(string Field, string Before, string After);
}
