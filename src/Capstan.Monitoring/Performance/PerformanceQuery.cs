using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Core.Serialization;

namespace Capstan.Monitoring.Performance;

/// <summary>What realized performance to compute: over how long a window ending now, in buckets of what length, and any override of which outputs hold the prediction.</summary>
/// <param name="Window">How far back from now predictions count.</param>
/// <param name="Bucket">The length of each time bucket.</param>
/// <param name="Task">The task, instead of the one the outputs suggest.</param>
/// <param name="LabelOutput">The output holding the predicted class or value, instead of the default.</param>
/// <param name="ScoreOutput">The output holding the score or probabilities, instead of the default.</param>
public sealed record PerformanceQuery(TimeSpan Window, TimeSpan Bucket, PerformanceTask? Task = null, string? LabelOutput = null, string? ScoreOutput = null)
{
    /// <summary>The window when none is given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>The bucket length when none is given.</summary>
    public static readonly TimeSpan DefaultBucket = TimeSpan.FromHours(1);

    /// <summary>The longest window.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    /// <summary>The most buckets one window may be cut into.</summary>
    public const int MaxBuckets = 1000;

    /// <summary>Reads a query as the API and the CLI take it: durations such as <c>90s</c>, <c>30m</c>, <c>24h</c> or <c>7d</c>, and the task's name.</summary>
    public static Result<PerformanceQuery> Parse(string? window, string? bucket, string? task, string? labelOutput, string? scoreOutput)
    {
        if (!Duration(window, "window", DefaultWindow).TryGetValue(out var length, out var error)
            || !Duration(bucket, "bucket", DefaultBucket < length ? DefaultBucket : length).TryGetValue(out var step, out error)
            || !TaskOf(task).TryGetValue(out var kind, out error))
            return error;
        if (length > MaxWindow)
            return Error.InvalidInput($"The window {window} is longer than {MaxWindow.TotalDays:0} days.");
        if (step > length)
            return Error.InvalidInput($"The bucket {bucket} is longer than the window {window ?? "24h"}.");
        if (length.Ticks / step.Ticks > MaxBuckets)
            return Error.InvalidInput($"A window of {window ?? "24h"} in buckets of {bucket ?? "1h"} makes {length.Ticks / step.Ticks:N0} buckets; at most {MaxBuckets} are allowed.");
        if ((Empty(labelOutput, "label_output") ?? Empty(scoreOutput, "score_output")) is { } blank)
            return blank;
        return new PerformanceQuery(length, step, kind, labelOutput, scoreOutput);
    }

    private static Result<PerformanceTask?> TaskOf(string? task) => task switch
    {
        null => Result<PerformanceTask?>.Success(null),
        "binary" => PerformanceTask.Binary,
        "multiclass" => PerformanceTask.Multiclass,
        "regression" => PerformanceTask.Regression,
        _ => Error.InvalidInput($"The task '{NameRules.Printable(task)}' is not one of binary, multiclass or regression."),
    };

    private static Error? Empty(string? name, string parameter) =>
        name is { Length: 0 } ? Error.InvalidInput($"{parameter} is empty; name one of the model's outputs or leave it out.") : null;

    private static Result<TimeSpan> Duration(string? text, string parameter, TimeSpan absent)
    {
        if (text is null)
            return absent;
        return DurationText.Parse(text, $"The {parameter}");
    }
}
