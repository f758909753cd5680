using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The contract for traffic policies and deployment history: variants, shadow and sticky key stored, every change a revision, rollbacks.</summary>
public abstract partial class RegistryStoreContract
{
    private static readonly DeploymentSpec Canary = new(
        "fraud:1", new BatchingSettings(8), ["label"], [new TrafficVariant("fraud:1", 90), new TrafficVariant("fraud:2", 10)],
        new ShadowTraffic("fraud:3", 25), new StickyKey("x-user-id", null));

    [Fact]
    public async Task SetDeployment_KeepsVariantsShadowAndStickyKey()
    {
        await PushAsync("fraud", 3);

        var deployed = Ok(await Store.SetDeploymentAsync(Name("fraud"), Canary, "canary of 2", Alice, Ct));

        Assert.Equal(Canary, DeploymentSpec.Of(deployed));
        Assert.Equal(Canary, DeploymentSpec.Of(Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct))));
        Assert.Equal(Canary, DeploymentSpec.Of(Assert.Single(await Store.ListDeploymentsAsync(Ct))));
        Assert.Equal([new TrafficVariant("fraud:1", 90), new TrafficVariant("fraud:2", 10)], deployed.LiveVariants);
    }

    [Fact]
    public async Task DeploymentRevisions_RecordEverySetAndRemovalWithTheSpecWhoWhenAndWhy()
    {
        await PushAsync("fraud", 3);
        var single = new DeploymentSpec("fraud:1", BatchingSettings.Default);
        Ok(await Store.SetDeploymentAsync(Name("fraud"), single, "first release", Alice, Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        Ok(await Store.SetDeploymentAsync(Name("fraud"), Canary, null, new Actor("bob"), Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        Ok(await Store.RemoveDeploymentAsync(Name("fraud"), new Actor("carol"), Ct));

        var history = Ok(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct));

        Assert.Equal(
            [
                new DeploymentRevision("fraud", 1, DeploymentChange.Set, single, Start, "alice", "first release"),
                new DeploymentRevision("fraud", 2, DeploymentChange.Set, Canary, Start.AddMinutes(1), "bob", null),
                new DeploymentRevision("fraud", 3, DeploymentChange.Remove, Canary, Start.AddMinutes(2), "carol", null),
            ],
            history);
        Assert.Empty(await Store.ListDeploymentsAsync(Ct));
    }

    [Fact]
    public async Task DeploymentRevisions_OfAModelNeverDeployedOrMissingFailWithNotFound()
    {
        await PushAsync("fraud");

        Assert.Equal(Error.NotFound("Model 'fraud' has never been deployed."), Failed(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.ListDeploymentRevisionsAsync(Name("ghost"), Ct)));
    }

    [Fact]
    public async Task Rollback_WithoutARevisionAppliesThePreviousSpecAgainAsANewRevision()
    {
        await PushAsync("fraud", 3);
        var first = new DeploymentSpec("fraud:1", BatchingSettings.Default);
        Ok(await Store.SetDeploymentAsync(Name("fraud"), first, null, Alice, Ct));
        Ok(await Store.SetDeploymentAsync(Name("fraud"), Canary, null, Alice, Ct));
        Time.Advance(TimeSpan.FromSeconds(30));

        var rolledBack = Ok(await Store.RollbackDeploymentAsync(Name("fraud"), null, null, new Actor("bob"), Ct));
        var again = Ok(await Store.RollbackDeploymentAsync(Name("fraud"), null, "undo the rollback", new Actor("bob"), Ct));

        Assert.Equal((3L, first, "bob", DeploymentState.Pending), (rolledBack.Revision, DeploymentSpec.Of(rolledBack), rolledBack.UpdatedBy, rolledBack.Status.State));
        Assert.Equal((4L, Canary), (again.Revision, DeploymentSpec.Of(again)));
        var history = Ok(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct));
        Assert.Equal([first, Canary, first, Canary], history.Select(r => r.Spec));
        Assert.Equal(
            [
                new DeploymentRevision("fraud", 3, DeploymentChange.Rollback, first, Start.AddSeconds(30), "bob", "rollback to revision 1", 1),
                new DeploymentRevision("fraud", 4, DeploymentChange.Rollback, Canary, Start.AddSeconds(30), "bob", "undo the rollback", 2),
            ],
            history.Skip(2));
        var current = Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct));
        Assert.Equal((4L, Canary), (current.Revision, DeploymentSpec.Of(current)));
    }

    [Fact]
    public async Task Rollback_ToAGivenRevisionAppliesItsSpecAndIsAudited()
    {
        await PushAsync("fraud", 3);
        Ok(await Store.SetDeploymentAsync(Name("fraud"), Canary, null, Alice, Ct));
        Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:2", BatchingSettings.Default), null, Alice, Ct));
        Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:3", BatchingSettings.Default), null, Alice, Ct));

        var rolledBack = Ok(await Store.RollbackDeploymentAsync(Name("fraud"), 1, "latency regression", Alice, Ct));

        Assert.Equal((4L, Canary), (rolledBack.Revision, DeploymentSpec.Of(rolledBack)));
        var last = Ok(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct))[^1];
        Assert.Equal((DeploymentChange.Rollback, "latency regression", (long?)1), (last.Change, last.Reason, last.RestoredRevision));
        Assert.Equal("deployment.rollback", (await ReadAllAsync())[^1].Action);
    }

    [Fact]
    public async Task Rollback_AfterAnUndeployRedeploysTheRemovedSpec()
    {
        await PushAsync("fraud", 3);
        Ok(await Store.SetDeploymentAsync(Name("fraud"), Canary, null, Alice, Ct));
        Ok(await Store.RemoveDeploymentAsync(Name("fraud"), Alice, Ct));

        var redeployed = Ok(await Store.RollbackDeploymentAsync(Name("fraud"), null, null, Alice, Ct));

        Assert.Equal((3L, Canary), (redeployed.Revision, DeploymentSpec.Of(redeployed)));
        Assert.Equal("rollback to revision 1", Ok(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct))[^1].Reason);
    }

    [Fact]
    public async Task Rollback_IsRefusedPreciselyAndARefusalUsesNoRevision()
    {
        await PushAsync("fraud", 2);
        Assert.Equal(
            Error.NotFound("Model 'fraud' has never been deployed."),
            Failed(await Store.RollbackDeploymentAsync(Name("fraud"), null, null, Alice, Ct)));
        await DeployAsync("fraud:1");
        Assert.Equal(
            Error.Conflict("The deployment of 'fraud' has no earlier revision to roll back to."),
            Failed(await Store.RollbackDeploymentAsync(Name("fraud"), null, null, Alice, Ct)));
        Ok(await Store.RemoveDeploymentAsync(Name("fraud"), Alice, Ct));
        await DeployAsync("fraud:2");

        Assert.Equal(
            Error.NotFound("The deployment of 'fraud' has no revision 9."),
            Failed(await Store.RollbackDeploymentAsync(Name("fraud"), 9, null, Alice, Ct)));
        Assert.Equal(
            Error.InvalidInput("Revision 2 of 'fraud' undeployed it; roll back to a revision that deployed it."),
            Failed(await Store.RollbackDeploymentAsync(Name("fraud"), 2, null, Alice, Ct)));
        Assert.Equal(
            Error.Conflict("The deployment of 'fraud' is already at revision 3."),
            Failed(await Store.RollbackDeploymentAsync(Name("fraud"), 3, null, Alice, Ct)));
        Assert.Equal(
            Error.NotFound("Model 'ghost' does not exist."),
            Failed(await Store.RollbackDeploymentAsync(Name("ghost"), null, null, Alice, Ct)));
        Assert.Equal(4, (await DeployAsync("fraud:1")).Revision);
        Assert.Equal(4, Ok(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct)).Count);
    }

    [Fact]
    public async Task DeleteVersion_IsRefusedForAVersionACanaryVariantOrTheShadowPins()
    {
        await PushAsync("fraud", 4);
        Ok(await Store.SetDeploymentAsync(Name("fraud"), Canary, null, Alice, Ct));

        const string Pinned = "cannot be deleted while the deployment of 'fraud' targets it";
        Assert.Contains(Pinned, Failed(await Store.DeleteVersionAsync(Name("fraud"), 2, Alice, Ct)).Message);
        Assert.Contains(Pinned, Failed(await Store.DeleteVersionAsync(Name("fraud"), 3, Alice, Ct)).Message);
        Ok(await Store.DeleteVersionAsync(Name("fraud"), 4, Alice, Ct));
    }
}
