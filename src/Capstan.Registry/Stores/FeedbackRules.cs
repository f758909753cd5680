using Capstan.Core.Errors;

namespace Capstan.Registry.Stores;

/// <summary>What every store decides the same way about reading labels back.</summary>
internal static class FeedbackRules
{
    /// <summary>The error for a listing limit below one, or null when the limit is usable.</summary>
    public static Error? CheckLimit(int limit) =>
        limit < 1 ? Error.InvalidInput($"The limit {limit} is below 1.") : null;
}
