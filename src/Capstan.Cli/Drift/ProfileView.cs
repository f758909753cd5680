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
        Display.Table(columns, $"No {what.ToLowerInvariant()} columns.", [what, "Kind", "Values", "Missing", "Distribution"], column =>
        {
            var p = column.Profile;
            return
            [
                Markup.Escape(p.Name),
                Display.Name(p.Kind),
                p.Count.ToString(CultureInfo.InvariantCulture),
                p.MissingRate.ToString("P1", CultureInfo.InvariantCulture),
                Markup.Escape(Spread(p)),
            ];
        });

    /// <summary>A numeric column's minimum, median and maximum, or a categorical one's three commonest categories.</summary>
    private static string Spread(FeatureProfile profile) =>
        profile.Kind == FeatureKind.Categorical
            ? string.Join(", ", (profile.Categories ?? new Dictionary<string, long>()).OrderByDescending(c => c.Value).Take(3).Select(c => $"{c.Key} ({c.Value})"))
            : profile.Sample is { Length: > 0 } sample ? $"{Number(sample[0])} … {Number(sample[sample.Length / 2])} … {Number(sample[^1])}" : "-";

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
