using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Core.Monitoring;
using Spectre.Console;

namespace Capstan.Cli.Drift;

/// <summary>Renders a reference profile for people: what was profiled, and a row per column with its spread or its commonest categories.</summary>
internal static class ProfileView
{
    /// <summary>Writes the profile.</summary>
    public static void Render(IAnsiConsole console, ReferenceProfile profile)
    {
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Profiled {profile.Reference} from {profile.Rows} rows: {profile.Features.Count} features, and {profile.Predictions.Count} prediction columns from {profile.PredictionRows} rows.")));
        console.Write(Table("Feature", profile.Features));
        if (profile.Predictions.Count > 0)
            console.Write(Table("Prediction", profile.Predictions));
    }

    private static Spectre.Console.Rendering.IRenderable Table(string what, IReadOnlyList<ProfiledColumn> columns) =>
        Display.Table(columns, $"No {what.ToLowerInvariant()} columns.", [what, "From", "Kind", "Values", "Missing", "Min", "Median", "Max", "Commonest"], column =>
        {
            var p = column.Profile;
            var sample = p.Sample;
            return
            [
                Markup.Escape(p.Name),
                Markup.Escape($"{column.Tensor}[{column.Index}]"),
                Display.Name(p.Kind),
                p.Count.ToString(CultureInfo.InvariantCulture),
                p.MissingRate.ToString("P1", CultureInfo.InvariantCulture),
                sample.Length > 0 ? Number(sample[0]) : "-",
                sample.Length > 0 ? Number(sample[sample.Length / 2]) : "-",
                sample.Length > 0 ? Number(sample[^1]) : "-",
                p.Categories is { } categories
                    ? Markup.Escape(string.Join(", ", categories.OrderByDescending(c => c.Value).Take(3).Select(c => $"{c.Key} ({c.Value})")))
                    : "-",
            ];
        });

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
