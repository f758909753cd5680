using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Server.Security;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Deployments;

public sealed class DeploymentHistoryTests : LiveServerTests
{
    [Fact]
    public async Task ACanaryIsDeployedListedInTheHistoryAndRolledBack()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        var canary = new DeploymentRequest(
            "bc:1", Variants: [new TrafficVariant("bc:1", 75), new TrafficVariant("bc:2", 25)], Sticky: new StickyKey("x-user-id", null), Reason: "try 2");

        var stable = (await Client.DeployAsync("bc:1", cancellationToken: Cancellation)).Value;
        var deployed = (await Client.DeployAsync("bc", canary, Cancellation)).Value;
        var rolledBack = (await Client.RollbackDeploymentAsync("bc", reason: "errors up", cancellationToken: Cancellation)).Value;
        var history = (await Client.ListDeploymentRevisionsAsync("bc", Cancellation)).Value;

        Assert.Equal(canary.Variants, deployed.Variants);
        Assert.Equal(canary.Sticky, deployed.Sticky);
        Assert.Equal(DeploymentSpec.Of(stable), DeploymentSpec.Of(rolledBack));
        Assert.Equal(
            [(1L, DeploymentChange.Set, null), (2, DeploymentChange.Set, "try 2"), (3, DeploymentChange.Rollback, "errors up")],
            history.Select(r => (r.Revision, r.Change, r.Reason)));
        Assert.All(history, r => Assert.Equal(FirstAdminKey.Name, r.ChangedBy));
    }

    [Fact]
    public async Task RollbackToARevisionThatDoesNotExist_IsNotFound()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await Client.DeployAsync("bc:1", cancellationToken: Cancellation);

        var error = (await Client.RollbackDeploymentAsync("bc", 7, cancellationToken: Cancellation)).Error;

        Assert.Equal(Error.NotFound("The deployment of 'bc' has no revision 7."), error);
    }
}
