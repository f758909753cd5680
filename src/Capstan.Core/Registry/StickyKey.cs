namespace Capstan.Core.Registry;

/// <summary>Where a request carries the key that keeps it on one variant (A/B tests): a request header or an inference parameter.</summary>
/// <remarks>
/// Requests with the same key always reach the same variant while the weights stay the same, and a weight change moves
/// only the keys it must; requests without the key are routed by weighted random choice.
/// </remarks>
/// <param name="Header">The request header that holds the key, such as <c>x-user-id</c>, or null.</param>
/// <param name="Parameter">The inference request parameter that holds the key, such as <c>user-id</c>, or null.</param>
public sealed record StickyKey(string? Header, string? Parameter);
