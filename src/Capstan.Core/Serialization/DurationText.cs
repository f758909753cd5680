using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Naming;

namespace Capstan.Core.Serialization;

/// <summary>Durations as people type them and the API takes them: a positive whole number and a unit, <c>90s</c>, <c>30m</c>, <c>1h</c>, <c>7d</c>.</summary>
public static class DurationText
{
    /// <summary>Reads a duration; <paramref name="what"/> names it in the error, such as <c>--window</c>.</summary>
    public static Result<TimeSpan> Parse(string text, string what)
    {
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count > 0 && count <= 100_000)
        {
            TimeSpan? unit = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is { } one)
                return one * count;
        }
        return Error.InvalidInput($"{what} '{NameRules.Printable(text)}' is not a duration such as 30m, 1h or 7d.");
    }

    /// <summary>Writes a duration in the largest unit that divides it exactly, such as <c>1h</c> or <c>90s</c>; whole seconds only.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        return seconds switch
        {
            0 => "0s",
            _ when seconds % 86_400 == 0 => $"{seconds / 86_400}d",
            _ when seconds % 3_600 == 0 => $"{seconds / 3_600}h",
            _ when seconds % 60 == 0 => $"{seconds / 60}m",
            _ => $"{seconds}s",
        };
    }
}
