using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The tamper-evident audit trail: hash-chained entries for every change and every denied request.</summary>
/// <remarks>
/// The store's own writes (pushes, aliases, deployments, keys) add their entry in the transaction of the change; this
/// interface adds entries for events that change nothing else, such as a denied request. Safe to call concurrently.
/// </remarks>
public interface IAuditStore
{
    /// <summary>Appends one entry for an event that is not itself a store write.</summary>
    Task AppendAuditAsync(AuditEvent auditEvent, Actor actor, CancellationToken cancellationToken);

    /// <summary>Lists one page of entries, newest first (highest sequence first), optionally about one model and since a time.</summary>
    /// <remarks>InvalidInput for a page size outside 1 to 1000 or a page token this listing did not give out.</remarks>
    Task<Result<Page<AuditEntry>>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Streams every entry in sequence order, oldest first, for verification and export.</summary>
    /// <remarks>Entries are read in batches, each batch in its own read transaction, so entries appended while reading may appear at the end.</remarks>
    IAsyncEnumerable<AuditEntry> ReadAuditAsync(CancellationToken cancellationToken);

    /// <summary>Gets the head: the last entry's sequence number and hash as the trail recorded them.</summary>
    Task<AuditHead> GetAuditHeadAsync(CancellationToken cancellationToken);
}
