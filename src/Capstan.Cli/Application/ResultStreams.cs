using Capstan.Core.Errors;

namespace Capstan.Cli.Application;

/// <summary>Collects a stream of results, such as every page of a listing, into one result.</summary>
internal static class ResultStreams
{
    /// <summary>Collects every item, or returns the first failure.</summary>
    public static async Task<Result<IReadOnlyList<T>>> CollectAsync<T>(IAsyncEnumerable<Result<T>> results)
    {
        var items = new List<T>();
        await foreach (var result in results)
        {
            if (!result.TryGetValue(out var item, out var error))
                return error;
            items.Add(item);
        }
        return items;
    }
}
