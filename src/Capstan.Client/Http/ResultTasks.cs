using Capstan.Core.Errors;

namespace Capstan.Client.Http;

/// <summary>Continues a <see cref="Result{T}"/> with asynchronous work.</summary>
internal static class ResultTasks
{
    /// <summary>Continues with <paramref name="next"/> on success, passing a failure through without running it.</summary>
    public static Task<Result<TOut>> ThenAsync<T, TOut>(this Result<T> result, Func<T, Task<Result<TOut>>> next) =>
        result.TryGetValue(out var value, out var error) ? next(value) : Task.FromResult<Result<TOut>>(error);
}
