using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Core.Errors;

namespace Capstan.Cli.Alerts;

/// <summary>Reads the numbers and durations of alert rules as people type them.</summary>
internal static class AlertArguments
{
    /// <summary>A finite number such as <c>0.05</c> or <c>-3e2</c>.</summary>
    public static Result<double> Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : Error.InvalidInput($"{option} '{text}' is not a number such as 0.05.");

    /// <summary>A duration such as <c>5m</c> in whole seconds, <c>0</c> too where <paramref name="allowZero"/>; null when not given.</summary>
    public static Result<long?> Seconds(string? text, string option, bool allowZero)
    {
        if (text is null)
            return (long?)null;
        if (allowZero && text is "0" or "0s")
            return 0L;
        return TimeArguments.Duration(text, option).Map(duration => (long?)(long)duration.TotalSeconds);
    }
}
