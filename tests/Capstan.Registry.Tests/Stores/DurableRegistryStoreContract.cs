using System.Data.Common;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The behaviour of stores that keep their data in a database: it outlives the store, and many stores may share it.</summary>
public abstract partial class DurableRegistryStoreContract : RegistryStoreContract
{
    /// <summary>Opens a connection of the test's own straight to the store's database.</summary>
    protected abstract Task<DbConnection> ConnectAsync();

    [Fact]
    public async Task Open_AgainOnTheSameDatabaseAppliesNoMigrationTwice()
    {
        var applied = await AppliedMigrationsAsync();
        await PushAsync("fraud");

        await using (var again = await OpenStoreAsync())
            Assert.Equal("fraud:1", Ok(await again.ResolveAsync(Reference("fraud"), Ct)).Reference);

        Assert.NotEmpty(applied);
        Assert.Equal(applied.Distinct().Order(), applied);
        Assert.Equal(applied, await AppliedMigrationsAsync());
    }

    [Fact]
    public async Task Reopen_KeepsModelsVersionsAliasesAndHistory()
    {
        await PushAsync("base");
        Time.Advance(TimeSpan.FromTicks(123_456_789));
        var pushed = Ok(await Store.AddVersionAsync(
            Version("fraud") with { Parent = (Name("base"), 1), Alias = Alias("champion"), Metrics = new Dictionary<string, double> { ["auc"] = 0.9 } },
            Ct));
        Ok(await Store.SetArchivedAsync(Name("base"), 1, true, Alice, Ct));
        var model = Ok(await Store.UpdateModelAsync(Name("fraud"), new ModelUpdate("Scores payments.", new Dictionary<string, string> { ["team"] = "risk" }), Alice, Ct));
        await Store.DisposeAsync();

        await using var reopened = await OpenStoreAsync();

        var version = Ok(await reopened.ResolveAsync(Reference("fraud@champion"), Ct));
        Assert.Equal((pushed.Reference, pushed.CreatedAt, "base:1", 0.9), (version.Reference, version.CreatedAt, version.Lineage.Parent, version.Metrics["auc"]));
        Assert.Equal(Start.AddTicks(123_456_780), version.CreatedAt);
        Assert.True(Ok(await reopened.ResolveAsync(Reference("base:1"), Ct)).Archived);
        var reread = Ok(await reopened.GetModelAsync(Name("fraud"), Ct));
        Assert.Equal((model.Description, model.CreatedAt, model.UpdatedAt, model.LatestVersion), (reread.Description, reread.CreatedAt, reread.UpdatedAt, reread.LatestVersion));
        Assert.Equal(model.Tags, reread.Tags);
        Assert.Single(Ok(await reopened.GetAliasHistoryAsync(Name("fraud"), Alias("champion"), Ct)));
        Assert.Equal(2, Ok(await reopened.AddVersionAsync(Version("fraud"), Ct)).Version);
    }

    [Fact]
    public async Task AddVersion_NumbersGapFreeWhenTwoStoreInstancesPushConcurrently()
    {
        await using var other = await OpenStoreAsync();

        var pushes = await Task.WhenAll(
            PushConcurrentlyAsync(Store, Enumerable.Repeat("fraud", 32)),
            PushConcurrentlyAsync(other, Enumerable.Repeat("fraud", 32)));

        Assert.Equal(Enumerable.Range(1, 64), pushes.SelectMany(p => p).Select(v => v.Version).Order());
    }

    [Fact]
    public async Task Reopen_KeepsDeploymentsTheirRevisionsHistoryAndStatus()
    {
        await PushAsync("fraud", 2);
        await DeployAsync("fraud:1");
        Time.Advance(TimeSpan.FromTicks(123_456_789));
        Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:2", new BatchingSettings(16, 250, 100)), null, new Actor("bob"), Ct));
        var reported = Ok(await Store.ReportDeploymentStatusAsync(
            Name("fraud"), 2, new DeploymentStatus(DeploymentState.Failed, 1, 2, "out of memory", Time.GetUtcNow()), Ct));
        var history = Ok(await Store.ListDeploymentRevisionsAsync(Name("fraud"), Ct));
        await Store.DisposeAsync();

        await using var reopened = await OpenStoreAsync();

        Assert.Equal(reported, Ok(await reopened.GetDeploymentAsync(Name("fraud"), Ct)));
        Assert.Equal([reported], await reopened.ListDeploymentsAsync(Ct));
        Assert.Equal(history, Ok(await reopened.ListDeploymentRevisionsAsync(Name("fraud"), Ct)));
        Assert.Equal(ErrorCode.Conflict, Failed(await reopened.DeleteVersionAsync(Name("fraud"), 1, Alice, Ct)).Code);
        Ok(await reopened.RemoveDeploymentAsync(Name("fraud"), Alice, Ct));
        Assert.Equal(4, Ok(await reopened.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud", BatchingSettings.Default), null, new Actor("alice"), Ct)).Revision);
    }

    [Fact]
    public async Task SetDeployment_GivesDistinctConsecutiveRevisionsWhenTwoStoreInstancesDeployConcurrently()
    {
        await PushAsync("fraud");
        await using var other = await OpenStoreAsync();

        var deployed = await Task.WhenAll(DeployConcurrentlyAsync(Store, 16), DeployConcurrentlyAsync(other, 16));

        Assert.Equal(Enumerable.Range(1, 32).Select(r => (long)r), deployed.SelectMany(d => d).Select(d => d.Revision).Order());
    }

    [Fact]
    public async Task SaveAlertStatus_LetsExactlyOneSaverWinWhenTwoStoreInstancesSaveTheSameRevision()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        await using var other = await OpenStoreAsync();

        var saves = await Task.WhenAll(SaveConcurrentlyAsync(Store, 8), SaveConcurrentlyAsync(other, 8));

        Assert.Single(saves.SelectMany(s => s), s => s.IsSuccess);
        Assert.Single(Ok(await other.GetAlertHistoryAsync("fraud-errors", 100, Ct)));
    }

    [Fact]
    public async Task Reopen_KeepsAlertRulesTheirStateAndHistory()
    {
        await PushAsync("fraud");
        var rule = Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        var status = Ok(await Store.SaveAlertStatusAsync(
            "fraud-errors", 1, new AlertStatus(AlertState.Firing, Start, 0.25, Start, null, 0), new AlertTransition("fraud-errors", AlertChange.Firing, Start, 0.25), Ct));
        await Store.DisposeAsync();

        await using var reopened = await OpenStoreAsync();

        var alert = Ok(await reopened.GetAlertAsync("fraud-errors", Ct));
        Assert.Equivalent(rule, alert.Rule, strict: true);
        Assert.Equal(status, alert.Status);
        Assert.Equal([new AlertTransition("fraud-errors", AlertChange.Firing, Start, 0.25)], Ok(await reopened.GetAlertHistoryAsync("fraud-errors", 10, Ct)));
    }

    private async Task<IReadOnlyList<int>> AppliedMigrationsAsync()
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(Ct))
            versions.Add(reader.GetInt32(0));
        return versions;
    }
}
