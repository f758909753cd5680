using Capstan.Cli.Drift;
using Capstan.Core.Monitoring;

namespace Capstan.Cli.Tests.Drift;

public sealed class DriftHtmlTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);

    private static FeatureDriftResult Feature(string name, DriftHistogram histogram) =>
        new(name, FeatureKind.Categorical, DriftTest.ChiSquared, double.PositiveInfinity, 0, 0.05, true, 10, 0, 0, histogram);

    [Fact]
    public void Write_EscapesEveryNameAndMessageFromTheServer()
    {
        var evil = "<script>alert('x')</script>";
        var histogram = new DriftHistogram(null, [evil, "(other)"], [5, 0], [2, 8]);
        var report = new DriftReport("bc", Now.AddHours(-1), Now, 10,
            [new VersionDrift(1, ["stable"], 10, 5, new DriftVerdict(1, 0.5, true, [Feature(evil, histogram)], [new SkippedFeature("<b>", "<i>why</i>")]), null, "<em>note</em>")]);

        var page = DriftHtml.Write(report);

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("chisquare Infinity", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DrawsNumericBinsAsSharesOnOneScaleWithTheRangeBelow()
    {
        var histogram = new DriftHistogram([0, 1, 2], null, [1, 3], [4, 0]);
        var report = new DriftReport("bc", Now.AddHours(-1), Now, 4,
            [new VersionDrift(1, ["stable"], 4, 4, new DriftVerdict(0, 0.5, false,
                [new FeatureDriftResult("x", FeatureKind.Numeric, DriftTest.KolmogorovSmirnov, 0.75, 0.03, 0.05, true, 4, 0, 0, histogram)], []), null)]);

        var page = DriftHtml.Write(report);

        Assert.Contains("<rect class=\"reference\" x=\"168\" y=\"30\" width=\"72\" height=\"90\">", page, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"current\" x=\"80\" y=\"0\" width=\"72\" height=\"120\">", page, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"current\" x=\"240\" y=\"120\" width=\"72\" height=\"0\">", page, StringComparison.Ordinal);
        Assert.Contains(">0</text>", page, StringComparison.Ordinal);
        Assert.Contains(">2</text>", page, StringComparison.Ordinal);
        Assert.Contains("Dataset drift: <span class=\"stable\">not detected</span>", page, StringComparison.Ordinal);
    }
}
