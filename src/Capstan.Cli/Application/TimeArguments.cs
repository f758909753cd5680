using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Serialization;

namespace Capstan.Cli.Application;

/// <summary>Reads the times and durations people type: <c>30m</c>, <c>1h</c>, <c>7d</c>, or an ISO-8601 time.</summary>
internal static class TimeArguments
{
    /// <summary>A duration such as <c>90s</c>, <c>30m</c>, <c>1h</c> or <c>7d</c>: a positive whole number and a unit.</summary>
    public static Result<TimeSpan> Duration(string text, string option) => DurationText.Parse(text, option);

    /// <summary>A moment: a duration back from <paramref name="now"/> (<c>1h</c> is an hour ago), or an ISO-8601 time (UTC unless it says otherwise).</summary>
    public static Result<DateTimeOffset> Since(string text, DateTimeOffset now, string option)
    {
        if (Duration(text, option).TryGetValue(out var ago, out _))
            return now - ago;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? moment
            : Error.InvalidInput($"{option} '{text}' is neither a duration such as 30m, 1h or 7d nor an ISO-8601 time such as 2025-03-14T15:09:26Z.");
    }
}
