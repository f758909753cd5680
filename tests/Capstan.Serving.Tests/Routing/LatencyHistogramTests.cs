using Capstan.Serving.Routing;

namespace Capstan.Serving.Tests.Routing;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_ReadsTheMedianAndTheTailWithinABucketsWidth()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
            histogram.Record(TimeSpan.FromMicroseconds(i * 100));

        Assert.InRange(histogram.Percentile(0.5), 50 * 0.94, 50 * 1.06);
        Assert.InRange(histogram.Percentile(0.99), 99 * 0.94, 99 * 1.06);
    }

    [Fact]
    public void Percentile_IsZeroBeforeAnyLatencyIsRecorded() => Assert.Equal(0, new LatencyHistogram().Percentile(0.99));
}
