using Capstan.Serving.Routing;

namespace Capstan.Serving.Tests.Routing;

public sealed class RoutingRandomTests
{
    [Fact]
    public void NextDouble_DrawsTheSameNumbersFromTheSameSeedAndOthersFromAnother()
    {
        var (first, second, other) = (new RoutingRandom(7), new RoutingRandom(7), new RoutingRandom(8));

        var drawn = Enumerable.Range(0, 1000).Select(_ => first.NextDouble()).ToList();

        Assert.Equal(drawn, Enumerable.Range(0, 1000).Select(_ => second.NextDouble()));
        Assert.NotEqual(drawn, Enumerable.Range(0, 1000).Select(_ => other.NextDouble()));
        Assert.All(drawn, d => Assert.InRange(d, double.Epsilon, 1 - double.Epsilon));
        Assert.InRange(drawn.Average(), 0.47, 0.53);
    }
}
