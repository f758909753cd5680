using System.Globalization;
using Spectre.Console;

namespace Capstan.Cli.Application;

/// <summary>Formats values for people, escaped for Spectre markup.</summary>
internal static class Display
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>A byte count such as <c>1.5 MiB</c>.</summary>
    public static string Bytes(long bytes)
    {
        double size = bytes;
        var unit = 0;
        while (size >= 1024 && unit < Units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{size:0.#} {Units[unit]}");
    }

    /// <summary>A moment in local time to the minute.</summary>
    public static string Time(DateTimeOffset moment) =>
        moment.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Key-value pairs as <c>k=v, k2=v2</c>, escaped, or an empty string.</summary>
    public static string Pairs<T>(IReadOnlyDictionary<string, T>? pairs) =>
        pairs is null ? "" : Markup.Escape(string.Join(", ", pairs.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))));

    /// <summary>A list as <c>a, b</c>, escaped.</summary>
    public static string List(IEnumerable<string> items) => Markup.Escape(string.Join(", ", items));

    /// <summary>Text from the server, escaped, or a dash when there is none.</summary>
    public static string Text(string? text) => string.IsNullOrEmpty(text) ? "-" : Markup.Escape(text);
}
