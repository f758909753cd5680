using System.Globalization;
using System.Text.Json;
using Capstan.Core.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

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

    /// <summary>A table with a row of markup cells per item, or a grey line saying <paramref name="none"/> when there are no items.</summary>
    /// <param name="items">The items, one a row.</param>
    /// <param name="none">What to say when there are no items, such as <c>No models.</c>.</param>
    /// <param name="columns">The column headers.</param>
    /// <param name="row">The cells of an item's row, as escaped markup.</param>
    public static IRenderable Table<T>(IReadOnlyCollection<T> items, string none, string[] columns, Func<T, string[]> row)
    {
        if (items.Count == 0)
            return new Markup($"[grey]{Markup.Escape(none)}[/]\n");
        var table = new Table().AddColumns(columns);
        foreach (var item in items)
            table.AddRow(row(item));
        return table;
    }

    /// <summary>An enum value as the API names it, such as <c>onnx</c> or <c>FP32</c>.</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        JsonSerializer.Serialize(value, CapstanJson.Options).Trim('"');

    /// <summary>Text from the server, escaped, or a dash when there is none.</summary>
    public static string Text(string? text) => string.IsNullOrEmpty(text) ? "-" : Markup.Escape(text);
}
