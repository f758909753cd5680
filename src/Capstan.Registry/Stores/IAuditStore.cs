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
}
