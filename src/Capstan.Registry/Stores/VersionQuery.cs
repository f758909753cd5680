namespace Capstan.Registry.Stores;

/// <summary>Paging for listing a model's versions, newest first.</summary>
/// <param name="IncludeArchived">Whether archived versions are listed too.</param>
/// <param name="PageSize">At most this many versions (1 to 1000).</param>
/// <param name="PageToken">The token from the previous page, or null for the first page.</param>
public sealed record VersionQuery(bool IncludeArchived = false, int PageSize = 100, string? PageToken = null);
