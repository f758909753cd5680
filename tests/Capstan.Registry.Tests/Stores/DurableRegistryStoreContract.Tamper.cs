using System.Data.Common;
using Capstan.Core.Security;
using Capstan.Registry.Audit;

namespace Capstan.Registry.Tests.Stores;

/// <summary>Tampering with the audit trail straight in the database, as someone with access to it could, and the verifier catching it.</summary>
public abstract partial class DurableRegistryStoreContract
{
    [Fact]
    public async Task AuditVerifier_FindsAnUntouchedChainIntact()
    {
        await WriteFiveEntriesAsync();

        Assert.Equal(new AuditVerification(true, 5, null, null, "The audit trail is intact: 5 entries."), await AuditVerifier.VerifyAsync(Store, Ct));
    }

    [Fact]
    public async Task AuditVerifier_NamesAnEditedFieldAndItsEntry()
    {
        await WriteFiveEntriesAsync();

        await TamperAsync("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 3");

        await AssertBrokenAsync(AuditProblem.EntryEdited, 3);
    }

    [Fact]
    public async Task AuditVerifier_NamesADeletedMiddleEntry()
    {
        await WriteFiveEntriesAsync();

        await TamperAsync("DELETE FROM audit_log WHERE sequence = 2");

        await AssertBrokenAsync(AuditProblem.EntryDeleted, 2);
    }

    [Fact]
    public async Task AuditVerifier_NamesTwoSwappedEntries()
    {
        await WriteFiveEntriesAsync();
        var entries = new List<AuditEntry>();
        await foreach (var entry in Store.ReadAuditAsync(Ct))
            entries.Add(entry);

        await RewriteEntryAsync(3, entries[3]);
        await RewriteEntryAsync(4, entries[2]);

        await AssertBrokenAsync(AuditProblem.EntriesReordered, 3);
    }

    [Fact]
    public async Task AuditVerifier_NamesATruncatedTail()
    {
        await WriteFiveEntriesAsync();

        await TamperAsync("DELETE FROM audit_log WHERE sequence >= 4");

        await AssertBrokenAsync(AuditProblem.TailTruncated, 4);
    }

    [Fact]
    public async Task AuditVerifier_NamesAnEditedHead()
    {
        await WriteFiveEntriesAsync();

        await TamperAsync("UPDATE audit_head SET hash = previous_hash FROM audit_log WHERE audit_log.sequence = 5");

        await AssertBrokenAsync(AuditProblem.HeadEdited, 5);
    }

    [Fact]
    public async Task AuditVerifier_NamesAHeadRolledBackBehindTheTrail()
    {
        await WriteFiveEntriesAsync();

        await TamperAsync("UPDATE audit_head SET sequence = 3");

        await AssertBrokenAsync(AuditProblem.HeadEdited, 4);
    }

    private async Task WriteFiveEntriesAsync()
    {
        await PushAsync("fraud", 3);
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 2, Alice, Ct));
        await DeployAsync("fraud@champion");
    }

    private async Task AssertBrokenAsync(AuditProblem problem, long sequence)
    {
        var verification = await AuditVerifier.VerifyAsync(Store, Ct);

        Assert.False(verification.Intact);
        Assert.Equal((problem, sequence), (verification.Problem, verification.Sequence));
        Assert.Contains(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), verification.Message);
    }

    private async Task TamperAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task RewriteEntryAsync(long sequence, AuditEntry entry)
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            UPDATE audit_log SET at = @at, actor = @actor, actor_key = @actor_key, actor_address = @actor_address, action = @action,
                target = @target, model = @model, before = @before, after = @after, previous_hash = @previous_hash, hash = @hash
            WHERE sequence = @sequence
            """;
        foreach (var (name, value) in new (string, object?)[]
        {
            ("sequence", sequence), ("at", entry.Time), ("actor", entry.Actor.Name), ("actor_key", entry.Actor.KeyId),
            ("actor_address", entry.Actor.Address), ("action", entry.Action), ("target", entry.Target), ("model", entry.Model),
            ("before", entry.Before), ("after", entry.After), ("previous_hash", entry.PreviousHash), ("hash", entry.Hash),
        })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync(Ct);
    }
}
