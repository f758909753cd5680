namespace Capstan.Registry.Stores;

/// <summary>Filters and paging for listing models, ordered by name.</summary>
/// <param name="NamePrefix">Only models whose name starts with this (case-sensitive), when given.</param>
/// <param name="Tag">Only models with this tag key, and this value when it is not null.</param>
/// <param name="PageSize">At most this many models (1 to 1000).</param>
/// <param name="PageToken">The token from the previous page, or null for the first page.</param>
public sealed record ModelQuery(
    string? NamePrefix = null,
    (string Key, string? Value)? Tag = null,
    int PageSize = 100,
    string? PageToken = null);
