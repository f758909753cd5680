namespace Capstan.Registry.Stores;

/// <summary>The audit trail's head: the last entry's sequence number and hash, kept in a row of its own.</summary>
/// <remarks>Every append updates it in the entry's transaction, so removing entries from the end leaves it ahead of the trail.</remarks>
/// <param name="Sequence">The last entry's sequence number, or 0 when the trail is empty.</param>
/// <param name="Hash">The last entry's hash, or <see cref="Audit.AuditChain.GenesisHash"/> when the trail is empty.</param>
public sealed record AuditHead(long Sequence, string Hash);
