using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serialization;
using Capstan.Registry.Audit;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The audit trail and API key part of the store contract.</summary>
public abstract partial class RegistryStoreContract
{
    private static readonly Actor Bob = new("bob", null, "198.51.100.9");

    [Fact]
    public async Task Audit_EveryWriteAppendsOneEntryWithItsActorTargetAndStates()
    {
        Ok(await Store.AddVersionAsync(Version("fraud"), Ct));
        Ok(await Store.AddVersionAsync(Version("fraud"), Ct));
        Ok(await Store.UpdateModelAsync(Name("fraud"), new ModelUpdate("Scores payments."), Bob, Ct));
        Ok(await Store.SetArchivedAsync(Name("fraud"), 1, true, Bob, Ct));
        Ok(await Store.SetArchivedAsync(Name("fraud"), 1, false, Bob, Ct));
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 1, Bob, Ct));
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 2, Bob, Ct));
        Ok(await Store.RemoveAliasAsync(Name("fraud"), Alias("champion"), Bob, Ct));
        Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:2", BatchingSettings.Default), null, Bob, Ct));
        Ok(await Store.RemoveDeploymentAsync(Name("fraud"), Bob, Ct));
        Ok(await Store.DeleteVersionAsync(Name("fraud"), 1, Bob, Ct));
        var key = Ok(await Store.CreateKeyAsync(NewKey("a1a1a1a1a1a1"), Bob, Ct));
        Ok(await Store.RevokeKeyAsync(key.Id, Bob, Ct));

        var entries = await ReadAllAsync();

        Assert.Equal(
            [
                ("version.push", "fraud:1", "fraud"), ("version.push", "fraud:2", "fraud"), ("model.update", "fraud", "fraud"),
                ("version.archive", "fraud:1", "fraud"), ("version.unarchive", "fraud:1", "fraud"), ("alias.set", "fraud@champion", "fraud"),
                ("alias.set", "fraud@champion", "fraud"), ("alias.remove", "fraud@champion", "fraud"), ("deployment.set", "fraud", "fraud"),
                ("deployment.remove", "fraud", "fraud"), ("version.delete", "fraud:1", "fraud"), ("key.create", "a1a1a1a1a1a1", null),
                ("key.revoke", "a1a1a1a1a1a1", null),
            ],
            entries.Select(e => (e.Action, e.Target, e.Model)));
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal([Alice, Alice], entries.Take(2).Select(e => e.Actor));
        Assert.All(entries.Skip(2), e => Assert.Equal(Bob, e.Actor));
        Assert.Equal((null, 1), (entries[0].Before, Json<ModelVersionInfo>(entries[0].After).Version));
        Assert.Equal((null, "Scores payments."), (Json<ModelInfo>(entries[2].Before).Description, Json<ModelInfo>(entries[2].After).Description));
        Assert.Equal((false, true), (Json<ModelVersionInfo>(entries[3].Before).Archived, Json<ModelVersionInfo>(entries[3].After).Archived));
        Assert.Equal((1, 2), (Json<AliasInfo>(entries[6].Before).Version, Json<AliasInfo>(entries[6].After).Version));
        Assert.Equal((null, "fraud:2"), (entries[8].Before, Json<Deployment>(entries[8].After).Target));
        Assert.Equal(("fraud:1", null), (Json<ModelVersionInfo>(entries[10].Before).Reference, entries[10].After));
        Assert.DoesNotContain(entries, e => (e.Before + e.After).Contains(SecretHash, StringComparison.Ordinal));
        Assert.True((await AuditVerifier.VerifyAsync(Store, Ct)).Intact);
    }

    [Fact]
    public async Task Audit_AReportedDeploymentStatusIsNotAudited()
    {
        await PushAsync("fraud");
        await DeployAsync("fraud:1");

        Ok(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, Ready(1), Ct));

        Assert.Equal(["version.push", "deployment.set"], (await ReadAllAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task Audit_AFailedWriteLeavesNoEntry()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 1, Alice, Ct));
        var before = await Store.GetAuditHeadAsync(Ct);

        Assert.Equal(ErrorCode.Conflict, Failed(await Store.DeleteVersionAsync(Name("fraud"), 1, Bob, Ct)).Code);
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 9, Bob, Ct)).Code);
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.AddVersionAsync(Version("fraud") with { Parent = (Name("fraud"), 7) }, Ct)).Code);
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.RevokeKeyAsync("ffffffffffff", Bob, Ct)).Code);

        Assert.Equal(before, await Store.GetAuditHeadAsync(Ct));
        Assert.Equal(2, (await ReadAllAsync()).Count);
    }

    [Fact]
    public async Task Audit_ConcurrentWritesKeepOneGapFreeChainThatVerifies()
    {
        await PushAsync("base");

        await Task.WhenAll(
            PushConcurrentlyAsync(Store, Enumerable.Range(0, 48).Select(i => i % 2 == 0 ? "fraud" : "churn")),
            Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
                Ok(await Store.SetAliasAsync(Name("base"), Alias($"a{i}"), 1, Bob, Ct))))));

        var verification = await AuditVerifier.VerifyAsync(Store, Ct);
        Assert.True(verification.Intact, verification.Message);
        Assert.Equal(65, verification.Entries);
        Assert.Equal(Enumerable.Range(1, 65).Select(i => (long)i), (await ReadAllAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Audit_EntryTimesRoundTripToTheBytesTheyWereHashedWith()
    {
        Time.SetUtcNow(new DateTimeOffset(2025, 3, 14, 17, 9, 26, TimeSpan.FromHours(2)).AddTicks(1_234_567));
        await PushAsync("fraud");

        var entry = Assert.Single(await ReadAllAsync());

        Assert.Equal("2025-03-14T15:09:26.123456Z", AuditChain.FormatTime(entry.Time));
        Assert.Equal(entry.Hash, AuditChain.ComputeHash(entry));
        Assert.Equal(AuditChain.GenesisHash, entry.PreviousHash);
        Assert.Equal(new AuditHead(1, entry.Hash), await Store.GetAuditHeadAsync(Ct));
    }

    [Fact]
    public async Task ListAudit_PagesNewestFirstAndFiltersByModelAndTime()
    {
        await PushAsync("fraud", 3);
        Time.Advance(TimeSpan.FromHours(1));
        var since = Time.GetUtcNow();
        await PushAsync("churn", 2);
        await PushAsync("fraud");

        var first = Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 3, null), Ct));
        var second = Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 3, first.NextPageToken), Ct));
        var recent = Ok(await Store.ListAuditAsync(new AuditQuery(null, since, 100, null), Ct));

        Assert.Equal(["fraud:4", "fraud:3", "fraud:2"], first.Items.Select(e => e.Target));
        Assert.Equal(["fraud:1"], second.Items.Select(e => e.Target));
        Assert.Null(second.NextPageToken);
        Assert.Equal(["fraud:4", "churn:2", "churn:1"], recent.Items.Select(e => e.Target));
        Assert.Equal(ErrorCode.InvalidInput, Failed(await Store.ListAuditAsync(new AuditQuery(null, null, 3, "v:3"), Ct)).Code);
        Assert.Equal(ErrorCode.InvalidInput, Failed(await Store.ListAuditAsync(new AuditQuery(null, null, 0, null), Ct)).Code);
    }

    [Fact]
    public async Task Keys_AreCreatedFoundListedAndRevokedWithTheirFields()
    {
        Assert.False(await Store.HasKeysAsync(Ct));
        var expires = Start.AddDays(30).AddTicks(7);
        var created = Ok(await Store.CreateKeyAsync(NewKey("0123456789ab") with { ExpiresAt = expires, Models = ["fraud", "churn"] }, Alice, Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        Ok(await Store.CreateKeyAsync(NewKey("ba9876543210") with { Role = Role.Admin }, Bob, Ct));
        Time.Advance(TimeSpan.FromMinutes(1));

        var revoked = Ok(await Store.RevokeKeyAsync("0123456789ab", Bob, Ct));

        Assert.True(await Store.HasKeysAsync(Ct));
        Assert.Equal(
            new ApiKeyInfo("0123456789ab", "ci", Role.Deployer, ["fraud", "churn"], Start, "alice", Start.AddDays(30), null, null) with { Models = created.Models },
            created);
        Assert.Equal(["fraud", "churn"], created.Models);
        Assert.Equal((Start.AddMinutes(2), "bob"), (revoked.RevokedAt, revoked.RevokedBy));
        var found = await Store.FindKeyAsync("0123456789ab", Ct);
        Assert.Equal(SecretHash, found!.SecretHash);
        Assert.Equal((revoked.RevokedAt, revoked.ExpiresAt, revoked.CreatedAt), (found.Info.RevokedAt, found.Info.ExpiresAt, found.Info.CreatedAt));
        Assert.Equal(["fraud", "churn"], found.Info.Models);
        Assert.Null(await Store.FindKeyAsync("ffffffffffff", Ct));
        var listed = await Store.ListKeysAsync(Ct);
        Assert.Equal([("0123456789ab", Role.Deployer, true), ("ba9876543210", Role.Admin, false)], listed.Select(k => (k.Id, k.Role, k.RevokedAt is not null)));
        Assert.Null(listed[1].Models);
        Assert.Equal(Error.Conflict("The API key '0123456789ab' is already revoked."), Failed(await Store.RevokeKeyAsync("0123456789ab", Bob, Ct)));
        Assert.Equal(ErrorCode.AlreadyExists, Failed(await Store.CreateKeyAsync(NewKey("ba9876543210"), Bob, Ct)).Code);
    }

    private const string SecretHash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

    private static NewApiKey NewKey(string id) => new(id, SecretHash, "ci", Role.Deployer, null, null);

    private static T Json<T>(string? json) => JsonSerializer.Deserialize<T>(json!, CapstanJson.Options)!;

    private async Task<List<AuditEntry>> ReadAllAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Store.ReadAuditAsync(Ct))
            entries.Add(entry);
        return entries;
    }
}
