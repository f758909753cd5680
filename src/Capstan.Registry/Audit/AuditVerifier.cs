using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Audit;

/// <summary>Recomputes the audit trail's hash chain and reports the first problem: an edited, deleted or moved entry, a cut tail, or an edited head.</summary>
/// <remarks>
/// Entries are checked in sequence order against <see cref="AuditChain"/>. An entry whose hash does not match its
/// content is reported as moved when its content matches its hash at another sequence number, and as edited otherwise.
/// A gap in the sequence is a deletion. The head is read before the entries; entries past it that are still past it on
/// a second read were added without their head, which only an edit of the head explains, since every append updates
/// both in one transaction. Removing entries from the end and rolling the head back to match is not detectable from
/// the trail alone. Memory stays constant however long the trail is.
/// </remarks>
public static class AuditVerifier
{
    /// <summary>Verifies the trail <paramref name="store"/> holds.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAuditStore store, CancellationToken cancellationToken)
    {
        var head = await store.GetAuditHeadAsync(cancellationToken);
        var expected = 1L;
        var previousHash = AuditChain.GenesisHash;
        await foreach (var entry in store.ReadAuditAsync(cancellationToken))
        {
            if (entry.Sequence > head.Sequence)
            {
                var again = await store.GetAuditHeadAsync(cancellationToken);
                if (again.Sequence < entry.Sequence)
                    return Broken(expected - 1, AuditProblem.HeadEdited, entry.Sequence,
                        $"The head records {again.Sequence} entries, but the trail holds entry {entry.Sequence}; the head was edited.");
                head = again;
            }
            if (entry.Sequence != expected)
                return Broken(expected - 1, AuditProblem.EntryDeleted, expected, entry.Sequence == expected + 1
                    ? $"Entry {expected} is missing: the trail goes from {expected - 1} to {entry.Sequence}."
                    : $"Entries {expected} to {entry.Sequence - 1} are missing: the trail goes from {expected - 1} to {entry.Sequence}.");
            if (AuditChain.ComputeHash(entry) != entry.Hash)
            {
                var recordedAt = RecordedSequence(entry, Math.Max(head.Sequence, entry.Sequence));
                return recordedAt is { } other
                    ? Broken(expected - 1, AuditProblem.EntriesReordered, entry.Sequence,
                        $"The entry at sequence {entry.Sequence} was recorded as entry {other}; entries were reordered.")
                    : Broken(expected - 1, AuditProblem.EntryEdited, entry.Sequence,
                        $"Entry {entry.Sequence} does not match its hash; it was edited.");
            }
            if (entry.PreviousHash != previousHash)
                return Broken(expected - 1, AuditProblem.EntryEdited, entry.Sequence - 1,
                    $"Entry {entry.Sequence} names another hash for entry {entry.Sequence - 1} than it has; entry {entry.Sequence - 1} was rewritten.");
            previousHash = entry.Hash;
            expected++;
        }
        var last = expected - 1;
        if (head.Sequence > last)
            return Broken(last, AuditProblem.TailTruncated, last + 1,
                $"The head records {head.Sequence} entries, but the trail ends at entry {last}; entries {last + 1} to {head.Sequence} were removed.");
        if (head.Sequence < last || head.Hash != previousHash)
            return Broken(last, AuditProblem.HeadEdited, head.Sequence,
                $"The head (entry {head.Sequence}, hash {head.Hash}) does not match the last entry ({last}); the head was edited.");
        return new AuditVerification(true, last, null, null, $"The audit trail is intact: {last} entries.");
    }

    private static long? RecordedSequence(AuditEntry entry, long highest)
    {
        for (var sequence = 1L; sequence <= highest; sequence++)
        {
            if (sequence != entry.Sequence && AuditChain.ComputeHash(entry with { Sequence = sequence }) == entry.Hash)
                return sequence;
        }
        return null;
    }

    private static AuditVerification Broken(long checkedEntries, AuditProblem problem, long sequence, string message) =>
        new(false, checkedEntries, problem, sequence, message);
}
