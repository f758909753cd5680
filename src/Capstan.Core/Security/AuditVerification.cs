namespace Capstan.Core.Security;

/// <summary>The outcome of recomputing the audit trail's hash chain: intact, or the first problem found.</summary>
/// <param name="Intact">Whether every entry and the head check out.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="Problem">The kind of the first problem, or null when intact.</param>
/// <param name="Sequence">The sequence number the first problem is at, or null when intact.</param>
/// <param name="Message">What was found, in a sentence for people.</param>
public sealed record AuditVerification(bool Intact, long Entries, AuditProblem? Problem, long? Sequence, string Message);
