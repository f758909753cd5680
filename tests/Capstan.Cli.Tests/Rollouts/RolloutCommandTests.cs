using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Rollouts;

public sealed class RolloutCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task DeployRollout_StartsAtTheFirstStepAndRolloutStatusMarksItWithTheDecisions()
    {
        await PushAsync(2);
        await SucceedAsync("deploy", "bc:1");

        var deployed = await JsonAsync<Deployment>("deploy", "bc:2", "--rollout", "10,25,50,100", "--step", "90s", "--min-requests", "50", "--reason", "retrained");
        var status = (await SucceedAsync("rollout", "status", "bc")).Output;

        Assert.Equal([new TrafficVariant("bc:1", 90), new TrafficVariant("bc:2", 10)], deployed.Variants);
        Assert.Contains("Rollout of bc:2 from bc:1: progressing at step 1/4", status);
        Assert.Contains("judges a step after 50 requests per version", status);
        Assert.Matches(@"→\s*│\s*1\s*│\s*10%\s*│\s*90s", status);
        Assert.Contains("started bc:2 from bc:1: step 1/4, 10%; retrained", status);
        var rollout = await JsonAsync<Rollout>("rollout", "status", "bc");
        Assert.Equal([10, 25, 50, 100], rollout.Steps.Select(s => s.Weight));
        Assert.All(rollout.Steps, s => Assert.Equal(90, s.HoldSeconds));
    }

    [Fact]
    public async Task PauseResumeAndAbort_ChangeTheRolloutAndAbortShowsInHistory()
    {
        await PushAsync(2);
        await SucceedAsync("deploy", "bc:1");
        await SucceedAsync("deploy", "bc:2", "--rollout", "20,100", "--step", "1h", "--no-wait");

        var paused = await JsonAsync<Rollout>("rollout", "pause", "bc", "--reason", "incident");
        var resumed = await JsonAsync<Rollout>("rollout", "resume", "bc");
        var aborted = (await SucceedAsync("rollout", "abort", "bc", "--reason", "metrics look off")).Output;
        var history = (await SucceedAsync("history", "bc")).Output;

        Assert.Equal((RolloutState.Paused, RolloutState.Progressing), (paused.State, resumed.State));
        Assert.Contains("aborted", aborted);
        Assert.Contains("rollout aborted by hand at step 1: metrics look off", history.ReplaceLineEndings(" "), StringComparison.Ordinal);
        var deployment = await JsonAsync<Deployment>("deploy", "bc:1", "--no-wait");
        Assert.Null(deployment.Variants);
    }

    [Theory]
    [InlineData(ExitCodes.InvalidInput, "--rollout '10,x' is not a list of percentages such as 10,25,50,100: 'x' is not a whole number.", "deploy", "bc:2", "--rollout", "10,x")]
    [InlineData(ExitCodes.InvalidInput, "--step '5 minutes' is not a duration such as 30m, 1h or 7d.", "deploy", "bc:2", "--rollout", "10,100", "--step", "5 minutes")]
    [InlineData(ExitCodes.InvalidInput, "--step, --max-error-increase, --max-p99-ratio and --min-requests go with --rollout WEIGHTS.", "deploy", "bc:2", "--step", "5m")]
    [InlineData(ExitCodes.InvalidInput, "--rollout moves traffic from the deployed stable version to REF step by step; leave out --canary, --weights, --shadow and the sticky options.", "deploy", "bc:2", "--rollout", "10,100", "--canary", "10")]
    [InlineData(ExitCodes.InvalidInput, "Step 2 gives the canary 10% after 50%; the weights must rise from step to step.", "deploy", "bc:2", "--rollout", "50,10")]
    [InlineData(ExitCodes.InvalidInput, "The largest p99 latency ratio is 0.5; give 1 to 1000.", "deploy", "bc:2", "--rollout", "10,100", "--max-p99-ratio", "0.5")]
    [InlineData(ExitCodes.NotFound, "Model 'bc' has no rollout.", "rollout", "status", "bc")]
    [InlineData(ExitCodes.NotFound, "Model 'bc' has no rollout.", "rollout", "promote", "bc")]
    public async Task Rollout_RefusesBadOptionsWithOneLine(int exitCode, string message, params string[] args)
    {
        await PushAsync(2);
        await SucceedAsync("deploy", "bc:1", "--no-wait");

        var run = await RunAsync(args);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal($"error: {message}", run.Errors.Trim());
    }

    private async Task PushAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
    }
}
