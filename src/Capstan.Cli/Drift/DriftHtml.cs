using System.Globalization;
using System.Net;
using System.Text;
using Capstan.Core.Monitoring;

namespace Capstan.Cli.Drift;

/// <summary>Writes a drift report as one self-contained HTML page: inline CSS, and an inline SVG histogram of reference versus current for every tested column.</summary>
/// <remarks>The page has no scripts and loads nothing from anywhere; every name and message from the server is HTML-escaped.</remarks>
internal static class DriftHtml
{
    private const int Width = 320;
    private const int Height = 120;
    private const int Axis = 16;

    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; } h3 { font-size: 1rem; }
        table { border-collapse: collapse; margin: 0.5rem 0; } th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        .drifted { color: #b42318; font-weight: 600; } .stable { color: #067647; } .note { color: #666; }
        .grid { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; border: 1px solid #eee; padding: 0.4rem; }
        figcaption { font-size: 0.85rem; margin-bottom: 0.2rem; } .legend span { display: inline-block; width: 0.8rem; height: 0.8rem; margin: 0 0.3rem 0 1rem; }
        .reference { fill: #7a8fb3; background: #7a8fb3; } .current { fill: #f08a24; background: #f08a24; } svg text { font-size: 10px; fill: #555; }
        """;

    /// <summary>The page for <paramref name="report"/>.</summary>
    public static string Write(DriftReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Drift of ").Append(Encode(report.Model)).Append("</title>\n<style>\n")
            .Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>Drift of ").Append(Encode(report.Model)).Append("</h1>\n<p>From ").Append(Time(report.Since)).Append(" to ").Append(Time(report.Until))
            .Append(" (UTC): ").Append(report.Rows.ToString(CultureInfo.InvariantCulture)).Append(" logged rows.</p>\n");
        html.Append("<p class=\"legend\"><span class=\"reference\"></span>reference<span class=\"current\"></span>current window (share of rows per bin)</p>\n");
        if (report.Message is { } message)
            html.Append("<p class=\"note\">").Append(Encode(message)).Append("</p>\n");
        foreach (var version in report.Versions)
        {
            html.Append("<section>\n<h2>").Append(Encode($"{report.Model}:{version.Version}")).Append(" (").Append(Encode(string.Join(", ", version.Variants)))
                .Append(")</h2>\n<p>").Append(version.Rows.ToString(CultureInfo.InvariantCulture)).Append(" rows against a reference of ")
                .Append(version.ReferenceRows.ToString(CultureInfo.InvariantCulture)).Append(" rows.</p>\n");
            if (version.Message is { } problem)
                html.Append("<p class=\"note\">").Append(Encode(problem)).Append("</p>\n");
            if (version.Dataset is { } dataset)
                Verdict(html, "Dataset drift", "Feature", dataset);
            if (version.Predictions is { } predictions)
                Verdict(html, "Prediction drift", "Prediction", predictions);
            html.Append("</section>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Verdict(StringBuilder html, string title, string column, DriftVerdict verdict)
    {
        var drifted = verdict.Features.Count(f => f.Drifted);
        html.Append("<h3>").Append(title).Append(": ").Append(verdict.Drifted ? "<span class=\"drifted\">detected</span>" : "<span class=\"stable\">not detected</span>")
            .Append("</h3>\n<p>").Append(string.Create(CultureInfo.InvariantCulture,
                $"{drifted} of {verdict.Features.Count} drifted: share {verdict.DriftedShare:0.00}, threshold {verdict.ShareThreshold:0.00}.")).Append("</p>\n");
        html.Append("<table>\n<tr><th>").Append(column).Append("</th><th>Test</th><th>Statistic</th><th>p-value</th><th>Threshold</th><th>Drifted</th><th>Missing</th></tr>\n");
        foreach (var f in verdict.Features)
        {
            html.Append("<tr><td>").Append(Encode(f.Feature)).Append("</td><td>").Append(DriftTests.NameOf(f.Test)).Append("</td><td class=\"number\">").Append(Number(f.Statistic))
                .Append("</td><td class=\"number\">").Append(f.PValue is { } p ? Number(p) : "-").Append("</td><td class=\"number\">").Append(Number(f.Threshold))
                .Append("</td><td>").Append(f.Drifted ? "<span class=\"drifted\">yes</span>" : "no").Append("</td><td class=\"number\">")
                .Append(f.MissingRate.ToString("P1", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
        foreach (var skipped in verdict.Skipped)
            html.Append("<p class=\"note\">Not tested: ").Append(Encode(skipped.Feature)).Append(", ").Append(Encode(skipped.Reason)).Append("</p>\n");
        html.Append("<div class=\"grid\">\n");
        foreach (var f in verdict.Features)
        {
            html.Append("<figure><figcaption>").Append(Encode(f.Feature)).Append(": ").Append(DriftTests.NameOf(f.Test)).Append(' ').Append(Number(f.Statistic))
                .Append(f.Drifted ? " <span class=\"drifted\">drifted</span>" : "").Append("</figcaption>\n");
            Histogram(html, f.Histogram);
            html.Append("</figure>\n");
        }
        html.Append("</div>\n");
    }

    /// <summary>An SVG of the reference's and the window's share of rows in each bin, side by side, on one scale.</summary>
    private static void Histogram(StringBuilder html, DriftHistogram histogram)
    {
        var bins = histogram.Reference.Count;
        html.Append(string.Create(CultureInfo.InvariantCulture, $"<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height + Axis}\" viewBox=\"0 0 {Width} {Height + Axis}\" role=\"img\">\n"));
        double referenceTotal = histogram.Reference.Sum(), currentTotal = histogram.Current.Sum();
        var shares = Enumerable.Range(0, bins).Select(i => (Reference: Share(histogram.Reference[i], referenceTotal), Current: Share(histogram.Current[i], currentTotal))).ToList();
        var top = shares.Count == 0 ? 1 : Math.Max(shares.Max(s => Math.Max(s.Reference, s.Current)), 1e-9);
        var slot = bins == 0 ? Width : (double)Width / bins;
        for (var i = 0; i < bins; i++)
        {
            var label = Encode(BinLabel(histogram, i));
            Bar(html, "reference", i * slot + slot * 0.05, slot * 0.45, shares[i].Reference / top, $"{label}: reference {shares[i].Reference:P1}");
            Bar(html, "current", i * slot + slot * 0.5, slot * 0.45, shares[i].Current / top, $"{label}: current {shares[i].Current:P1}");
        }
        if (histogram.Edges is { Count: > 1 } edges)
        {
            Text(html, 0, "start", Number(edges[0]));
            Text(html, Width, "end", Number(edges[^1]));
        }
        else if (histogram.Categories is { } categories && categories.Count <= 8)
        {
            for (var i = 0; i < categories.Count; i++)
                Text(html, i * slot + slot / 2, "middle", Shorten(categories[i]));
        }
        html.Append("</svg>\n");
    }

    private static void Bar(StringBuilder html, string kind, double x, double width, double height, string title) =>
        html.Append(string.Create(CultureInfo.InvariantCulture,
            $"<rect class=\"{kind}\" x=\"{x:0.##}\" y=\"{Height * (1 - height):0.##}\" width=\"{width:0.##}\" height=\"{Height * height:0.##}\"><title>{title}</title></rect>\n"));

    private static void Text(StringBuilder html, double x, string anchor, string text) =>
        html.Append(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x:0.##}\" y=\"{Height + Axis - 3}\" text-anchor=\"{anchor}\">{Encode(text)}</text>\n"));

    private static string BinLabel(DriftHistogram histogram, int bin) =>
        histogram.Categories is { } categories ? categories[bin]
        : histogram.Edges is { } edges && bin + 1 < edges.Count ? $"[{Number(edges[bin])}, {Number(edges[bin + 1])})"
        : bin.ToString(CultureInfo.InvariantCulture);

    private static double Share(double count, double total) => total > 0 ? count / total : 0;

    private static string Shorten(string text) => text.Length <= 10 ? text : string.Concat(text.AsSpan(0, 9), "…");

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
