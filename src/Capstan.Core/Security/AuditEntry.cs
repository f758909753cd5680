namespace Capstan.Core.Security;

/// <summary>One entry of the tamper-evident audit trail: who did what to which target, when, and the state before and after.</summary>
/// <remarks>
/// Entries form a hash chain: <see cref="Hash"/> is the SHA-256 of <see cref="PreviousHash"/> followed by the entry's
/// canonical form, so changing, removing or reordering any entry breaks every hash after it.
/// </remarks>
/// <param name="Sequence">The entry's place in the trail, from 1 with no gaps.</param>
/// <param name="Time">When it happened, in UTC to the microsecond.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Action">A dotted verb such as <c>version.push</c> or <c>key.revoke</c>.</param>
/// <param name="Target">What it acted on, such as <c>fraud:3</c>, <c>fraud@champion</c>, <c>fraud</c> or a key id.</param>
/// <param name="Model">The model it concerns, or null.</param>
/// <param name="Before">The state before as JSON, or null when there was none.</param>
/// <param name="After">The state after as JSON, or null when there is none.</param>
/// <param name="PreviousHash">The hash of the entry before, or 64 zeros for the first entry.</param>
/// <param name="Hash">The lowercase hex SHA-256 that chains this entry to the one before.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Time,
    Actor Actor,
    string Action,
    string Target,
    string? Model,
    string? Before,
    string? After,
    string PreviousHash,
    string Hash);
