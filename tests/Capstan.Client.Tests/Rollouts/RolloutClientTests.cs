using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Rollouts;
using Capstan.Server.Security;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Rollouts;

public sealed class RolloutClientTests : LiveServerTests
{
    [Fact]
    public async Task ARolloutIsStartedReadPausedResumedAndPromotedByHand()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await Client.DeployAsync("bc:1", cancellationToken: Cancellation);

        var started = (await Client.StartRolloutAsync("bc", new RolloutRequest("bc", [new RolloutStep(10, 600), new RolloutStep(100, 0)]), Cancellation)).Value;
        var read = (await Client.GetRolloutAsync("bc", Cancellation)).Value;
        var paused = (await Client.PauseRolloutAsync("bc", "wait", Cancellation)).Value;
        var resumed = (await Client.ResumeRolloutAsync("bc", cancellationToken: Cancellation)).Value;
        var promoted = (await Client.PromoteRolloutAsync("bc", "looks good", Cancellation)).Value;
        var late = (await Client.AbortRolloutAsync("bc", cancellationToken: Cancellation)).Error;

        Assert.Equal(("bc:1", "bc:2", 1), (started.Stable, started.Canary, started.Step));
        Assert.Equal(started.Revision, read.Revision);
        Assert.Equal([RolloutState.Paused, RolloutState.Progressing, RolloutState.Promoted], new[] { paused.State, resumed.State, promoted.State });
        Assert.All(promoted.History, d => Assert.Equal(FirstAdminKey.Name, d.By));
        Assert.Equal(Error.Conflict("The rollout of bc:2 is promoted, so it cannot be aborted."), late);
        Assert.Equal("bc:2", (await Client.GetDeploymentAsync("bc", Cancellation)).Value.Target);
    }
}
