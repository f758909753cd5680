using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Serving;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The contract for rollouts: one per model, saved only over the revision the saver read, with the traffic change in the same transaction, each save audited.</summary>
public abstract partial class RegistryStoreContract
{
    private static readonly DeploymentSpec Split = new(
        "fraud:1", BatchingSettings.Default, null, [new TrafficVariant("fraud:1", 90), new TrafficVariant("fraud:2", 10)]);

    private static Rollout NewRollout(RolloutState state = RolloutState.Progressing) => new(
        "fraud", "fraud:1", "fraud:2", [new RolloutStep(10, 60), new RolloutStep(100, 0)], RolloutThresholds.Default, 1, state, Start,
        new RolloutAnalysis(Start, 1, new TrafficStatistics(90, 0, 0.5, 1.5, 0), new TrafficStatistics(10, 1, 0.6, 1.7, 0), RolloutVerdict.Inconclusive, "waiting"),
        [new RolloutDecision(Start, "alice", RolloutAction.Start, 1, "started fraud:2")], 0, 0, Start, "alice");

    [Fact]
    public async Task SaveRollout_StoresTheRolloutWithItsTrafficChangeAsOneAuditedWrite()
    {
        await PushAsync("fraud", 2);
        Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:1", BatchingSettings.Default), null, Alice, Ct));

        var saved = Ok(await Store.SaveRolloutAsync(NewRollout(), 0, Split, "rollout step 1/2: 10%", Alice, Ct));

        Assert.Equal((1L, 2L, (long?)2), (saved.Revision, saved.DeploymentRevision, saved.History[^1].DeploymentRevision));
        var loaded = Ok(await Store.GetRolloutAsync(Name("fraud"), Ct));
        Assert.Equivalent(saved, loaded, strict: true);
        Assert.Equal(new TrafficStatistics(10, 1, 0.6, 1.7, 0), loaded.LastAnalysis!.Canary);
        var deployment = Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct));
        Assert.Equal((2L, Split), (deployment.Revision, DeploymentSpec.Of(deployment)));
        Assert.Equal("rollout step 1/2: 10%", Ok(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct))[^1].Reason);
        var audit = Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 2, null), Ct)).Items;
        Assert.Equal(["rollout.start", "deployment.set"], audit.Select(e => e.Action));
    }

    [Fact]
    public async Task SaveRollout_OverAnotherRevisionIsAConflictAndChangesNothing()
    {
        await PushAsync("fraud", 2);
        Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:1", BatchingSettings.Default), null, Alice, Ct));
        var first = Ok(await Store.SaveRolloutAsync(NewRollout(), 0, Split, null, Alice, Ct));
        var paused = first with { State = RolloutState.Paused, History = [.. first.History, new RolloutDecision(Start, "bob", RolloutAction.Pause, 1, "wait")] };
        Ok(await Store.SaveRolloutAsync(paused, 1, null, null, Alice, Ct));

        var stale = await Store.SaveRolloutAsync(first with { State = RolloutState.Aborted }, 1, new DeploymentSpec("fraud:1", BatchingSettings.Default), null, Alice, Ct);

        Assert.Equal(
            Error.Conflict("The rollout of 'fraud' is at revision 2, not 1; it changed meanwhile, so look at it again."), Failed(stale));
        Assert.Equal((RolloutState.Paused, 2L), (Ok(await Store.GetRolloutAsync(Name("fraud"), Ct)).State, Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)).Revision));
        Assert.Equal("rollout.pause", Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 1, null), Ct)).Items[0].Action);
    }

    [Fact]
    public async Task ListActiveRollouts_ListsOnlyProgressingAndPausedOnes()
    {
        await PushAsync("fraud", 2);
        await PushAsync("churn", 2);
        Ok(await Store.SaveRolloutAsync(NewRollout(), 0, null, null, Alice, Ct));
        Ok(await Store.SaveRolloutAsync(NewRollout(RolloutState.Promoted) with { Model = "churn", Stable = "churn:1", Canary = "churn:2" }, 0, null, null, Alice, Ct));

        var active = await Store.ListActiveRolloutsAsync(Ct);

        Assert.Equal(["fraud"], active.Select(r => r.Model));
    }

    [Fact]
    public async Task GetRollout_OfAModelWithoutOneOrMissingFailsWithNotFound()
    {
        await PushAsync("fraud");

        Assert.Equal(Error.NotFound("Model 'fraud' has no rollout."), Failed(await Store.GetRolloutAsync(Name("fraud"), Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.GetRolloutAsync(Name("ghost"), Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.SaveRolloutAsync(NewRollout() with { Model = "ghost" }, 0, null, null, Alice, Ct)));
    }
}
