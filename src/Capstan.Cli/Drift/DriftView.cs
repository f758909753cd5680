using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Core.Monitoring;
using Spectre.Console;

namespace Capstan.Cli.Drift;

/// <summary>Renders a drift report for people: per version, a row per feature (test, statistic, p-value, threshold, drifted) and the dataset and prediction verdicts.</summary>
internal static class DriftView
{
    /// <summary>Writes the whole report.</summary>
    public static void Render(IAnsiConsole console, DriftReport report)
    {
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Drift of {report.Model} from {Display.Time(report.Since)} to {Display.Time(report.Until)}: {report.Rows} logged rows.")));
        if (report.Message is { } message)
            console.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        foreach (var version in report.Versions)
        {
            console.WriteLine();
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{report.Model}:{version.Version} ({string.Join(", ", version.Variants)}): {version.Rows} rows against a reference of {version.ReferenceRows}")));
            if (version.Message is { } problem)
                console.MarkupLine($"[yellow]{Markup.Escape(problem)}[/]");
            if (version.Dataset is { } dataset)
                Verdict(console, "Feature", "Dataset drift", dataset);
            if (version.Predictions is { } predictions)
                Verdict(console, "Prediction", "Prediction drift", predictions);
        }
    }

    private static void Verdict(IAnsiConsole console, string column, string title, DriftVerdict verdict)
    {
        console.Write(Display.Table(verdict.Features, "No columns were tested.", [column, "Test", "Statistic", "p-value", "Threshold", "Drifted"], f =>
        [
            Markup.Escape(f.Feature),
            DriftTests.NameOf(f.Test),
            Number(f.Statistic),
            f.PValue is { } p ? Number(p) : "-",
            Number(f.Threshold),
            f.Drifted ? "[red]yes[/]" : "no",
        ]));
        var drifted = verdict.Features.Count(f => f.Drifted);
        var outcome = verdict.Drifted ? "[red bold]detected[/]" : "[green]not detected[/]";
        console.MarkupLine($"{title}: {outcome}, " + Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{drifted} of {verdict.Features.Count} drifted (share {verdict.DriftedShare:0.00}, threshold {verdict.ShareThreshold:0.00})")));
        foreach (var skipped in verdict.Skipped)
            console.MarkupLine($"[grey]Not tested: {Markup.Escape(skipped.Feature)}, {Markup.Escape(skipped.Reason)}[/]");
    }

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
