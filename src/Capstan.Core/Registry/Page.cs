namespace Capstan.Core.Registry;

/// <summary>One page of a listing and the token for the next page.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="NextPageToken">An opaque token for the next page, or null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
