using Capstan.Core.Naming;

namespace Capstan.Registry.Stores;

/// <summary>Which audit entries to list, newest first, and which page.</summary>
/// <param name="Model">Only entries about this model, or null for every entry.</param>
/// <param name="Since">Only entries at or after this time, or null for every time.</param>
/// <param name="PageSize">The most entries to return, from 1 to 1000.</param>
/// <param name="PageToken">The token from the previous page, or null for the first.</param>
public sealed record AuditQuery(ModelName? Model, DateTimeOffset? Since, int PageSize, string? PageToken);
