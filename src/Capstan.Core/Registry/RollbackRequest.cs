namespace Capstan.Core.Registry;

/// <summary>The body that rolls a deployment back to an earlier revision's spec.</summary>
/// <param name="ToRevision">The revision to return to, or null for the one before the latest change.</param>
/// <param name="Reason">Why, kept in the deployment's history; null for a generated one.</param>
public sealed record RollbackRequest(long? ToRevision = null, string? Reason = null);
