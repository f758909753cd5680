using System.Data.Common;
using System.Runtime.CompilerServices;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Registry.Audit;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    private const int AuditReadBatch = 1000;

    private const string AuditColumns =
        "sequence, at, actor, actor_key, actor_address, action, target, model, before, after, previous_hash, hash";

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEvent auditEvent, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (db, now) =>
        {
            await AuditAsync(db, now, actor, auditEvent, cancellationToken);
            return true;
        }, null, cancellationToken);

    /// <inheritdoc />
    public Task<Result<Page<AuditEntry>>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        if (!Listing.AuditBefore(query).TryGetValue(out var before, out var error))
            return Task.FromResult<Result<Page<AuditEntry>>>(error);
        var filters = new List<string> { "sequence < @before" };
        var parameters = new List<(string, object?)> { ("before", before ?? long.MaxValue), ("limit", query.PageSize + 1) };
        if (query.Model is { } model)
        {
            filters.Add("model = @model");
            parameters.Add(("model", model.Value));
        }
        if (query.Since is { } since)
        {
            filters.Add("at >= @since");
            parameters.Add(("since", StoreClock.Normalize(since)));
        }
        return ReadAsync<Result<Page<AuditEntry>>>(async db => Listing.AuditPage(
            await db.QueryAsync(
                $"SELECT {AuditColumns} FROM audit_log WHERE {string.Join(" AND ", filters)} ORDER BY sequence DESC LIMIT @limit",
                ReadAuditEntry, cancellationToken, [.. parameters]),
            query.PageSize), cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var batch = await ReadAsync(db => db.QueryAsync(
                $"SELECT {AuditColumns} FROM audit_log WHERE sequence > @after ORDER BY sequence LIMIT @limit",
                ReadAuditEntry, cancellationToken, ("after", after), ("limit", AuditReadBatch)), cancellationToken);
            foreach (var entry in batch)
                yield return entry;
            if (batch.Count < AuditReadBatch)
                yield break;
            after = batch[^1].Sequence;
        }
    }

    /// <inheritdoc />
    public async Task<AuditHead> GetAuditHeadAsync(CancellationToken cancellationToken) =>
        (await ReadAsync(db => db.FirstOrDefaultAsync(
            "SELECT sequence, hash FROM audit_head WHERE id = 1", ReadHead, cancellationToken), cancellationToken))!;

    /// <summary>Appends the entry for <paramref name="auditEvent"/> in <paramref name="db"/>'s transaction, locking the head until commit.</summary>
    /// <remarks>
    /// The no-op update takes the head row's write lock (and, on PostgreSQL at read committed, waits for and then sees
    /// the latest committed head), so appends from every thread and process form one chain; it runs last in each
    /// write, after the model row, so locks are always taken in the same order.
    /// </remarks>
    private static async Task AuditAsync(SqlSession db, DateTimeOffset now, Actor actor, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var head = (await db.FirstOrDefaultAsync(
            "UPDATE audit_head SET sequence = sequence WHERE id = 1 RETURNING sequence, hash", ReadHead, cancellationToken))!;
        var entry = AuditChain.Next(
            head.Sequence + 1, head.Hash, now, actor, auditEvent.Action, auditEvent.Target, auditEvent.Model, auditEvent.Before, auditEvent.After);
        await db.ExecuteAsync(
            $"""
            INSERT INTO audit_log ({AuditColumns})
            VALUES (@sequence, @at, @actor, @actor_key, @actor_address, @action, @target, @model, @before, @after, @previous_hash, @hash)
            """,
            cancellationToken, ("sequence", entry.Sequence), ("at", entry.Time), ("actor", actor.Name), ("actor_key", actor.KeyId),
            ("actor_address", actor.Address), ("action", entry.Action), ("target", entry.Target), ("model", entry.Model),
            ("before", entry.Before), ("after", entry.After), ("previous_hash", entry.PreviousHash), ("hash", entry.Hash));
        await db.ExecuteAsync(
            "UPDATE audit_head SET sequence = @sequence, hash = @hash WHERE id = 1", cancellationToken,
            ("sequence", entry.Sequence), ("hash", entry.Hash));
    }

    private static AuditHead ReadHead(DbDataReader r) => new(r.GetInt64(0), r.GetString(1));

    private static AuditEntry ReadAuditEntry(DbDataReader r) => new(
        Sequence: r.GetInt64(0),
        Time: r.GetFieldValue<DateTimeOffset>(1),
        Actor: new Actor(r.GetString(2), NullableString(r, 3), NullableString(r, 4)),
        Action: r.GetString(5),
        Target: r.GetString(6),
        Model: NullableString(r, 7),
        Before: NullableString(r, 8),
        After: NullableString(r, 9),
        PreviousHash: r.GetString(10),
        Hash: r.GetString(11));
}
