using System.Globalization;

namespace Capstan.Core.Serialization;

/// <summary>Reads the durations people type: a positive whole number and a unit, such as <c>90s</c>, <c>30m</c>, <c>24h</c> or <c>7d</c>.</summary>
public static class Durations
{
    /// <summary>The largest number before the unit.</summary>
    public const long MaxCount = 100_000;

    /// <summary>Reads <paramref name="text"/>: 1 to <see cref="MaxCount"/> followed by <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>, nothing else.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is not { Length: >= 2 }
            || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > MaxCount)
            return false;
        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is not { } one)
            return false;
        duration = one * count;
        return true;
    }
}
