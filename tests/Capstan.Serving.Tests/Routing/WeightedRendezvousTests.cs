using Capstan.Serving.Routing;

namespace Capstan.Serving.Tests.Routing;

public sealed class WeightedRendezvousTests
{
    private const int Keys = 100_000;
    private static readonly ulong[] StableAndCanary = [WeightedRendezvous.HashTarget("fraud:1"), WeightedRendezvous.HashTarget("fraud:2")];

    private static int[] Assign(ulong[] targets, int[] weights)
    {
        var chosen = new int[Keys];
        for (var key = 0; key < Keys; key++)
            chosen[key] = WeightedRendezvous.Choose(WeightedRendezvous.HashKey($"user-{key}"), targets, weights);
        return chosen;
    }

    private static double Share(int[] chosen, int variant) => 100.0 * chosen.Count(c => c == variant) / chosen.Length;

    [Fact]
    public void Choose_SendsTheSameKeyToTheSameVariantEveryTime()
    {
        var first = Assign(StableAndCanary, [90, 10]);
        var second = Assign(StableAndCanary, [90, 10]);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Choose_SharesKeysInProportionToTheWeights()
    {
        var chosen = Assign(StableAndCanary, [90, 10]);

        Assert.InRange(Share(chosen, 1), 9.5, 10.5);
        Assert.InRange(Share(chosen, 0), 89.5, 90.5);
    }

    [Fact]
    public void Choose_GivesAWeightOfZeroNoKeys()
    {
        var chosen = Assign(StableAndCanary, [100, 0]);

        Assert.All(chosen, c => Assert.Equal(0, c));
        Assert.Equal(-1, WeightedRendezvous.Choose(WeightedRendezvous.HashKey("anyone"), StableAndCanary, [0, 0]));
    }

    [Fact]
    public void Choose_MovesOnlyStableKeysToTheCanaryAndNoMoreThanNeededWhenItGrowsFrom10To25()
    {
        var before = Assign(StableAndCanary, [90, 10]);
        var after = Assign(StableAndCanary, [75, 25]);

        var moved = Enumerable.Range(0, Keys).Where(k => before[k] != after[k]).ToList();
        Assert.All(moved, k => Assert.Equal((0, 1), (before[k], after[k])));
        Assert.InRange(100.0 * moved.Count / Keys, 14.5, 15.5);
    }

    [Fact]
    public void Choose_MovesKeysOnlyToTheVariantWhoseWeightRisesAmongThree()
    {
        ulong[] targets = [.. StableAndCanary, WeightedRendezvous.HashTarget("fraud@challenger")];
        var before = Assign(targets, [60, 20, 20]);
        var after = Assign(targets, [45, 15, 40]);

        var moved = Enumerable.Range(0, Keys).Where(k => before[k] != after[k]).ToList();
        Assert.All(moved, k => Assert.Equal(2, after[k]));
        Assert.InRange(100.0 * moved.Count / Keys, 19.3, 20.7);
    }

    [Fact]
    public void HashKey_DependsOnlyOnTheKeysText()
    {
        Assert.Equal(WeightedRendezvous.HashKey("user-7"), WeightedRendezvous.HashKey(new string(['u', 's', 'e', 'r', '-', '7'])));
        Assert.NotEqual(WeightedRendezvous.HashKey("user-7"), WeightedRendezvous.HashKey("user-8"));
    }
}
