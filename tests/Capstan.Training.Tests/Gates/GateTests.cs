using Capstan.Training.Gates;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Tests.Gates;

public sealed class GateTests
{
    private static Dictionary<string, double> Auc(double value) => new() { ["auc"] = value };

    private static Dictionary<string, double> Rmse(double value) => new() { ["rmse"] = value };

    [Theory]
    [InlineData(0.80, true)]
    [InlineData(0.7999, false)]
    public void Threshold_IsAFloorWhenGreaterIsBetter(double candidate, bool passes)
    {
        var decision = Gate.Decide(new GateSpec("auc", 0.8, null, null, null), Auc(candidate), null, 1);

        Assert.Equal(passes, decision.Passed);
        Assert.Equal("threshold", Assert.Single(decision.Rules).Name);
    }

    [Theory]
    [InlineData(2.0, true)]
    [InlineData(2.0001, false)]
    public void Threshold_IsACeilingWhenLowerIsBetter(double candidate, bool passes) =>
        Assert.Equal(passes, Gate.Decide(new GateSpec("rmse", 2.0, null, null, null), Rmse(candidate), null, 1).Passed);

    [Theory]
    [InlineData(0.85, true)]
    [InlineData(0.8499, false)]
    public void MinAbsoluteChange_NeedsTheMarginOverTheChampion(double candidate, bool passes)
    {
        var decision = Gate.Decide(new GateSpec("auc", null, 0.05, null, null), Auc(candidate), Auc(0.80), 1);

        Assert.Equal(passes, decision.Passed);
        if (!passes)
            Assert.Equal("min_absolute_change: auc 0.8499 against the champion's 0.8: a change of 0.0499 falls short of the higher margin of 0.05 (needs 0.85).", decision.Reason);
    }

    [Theory]
    [InlineData(1.5, true)]
    [InlineData(1.51, false)]
    public void MinAbsoluteChange_NeedsALowerValueWhenLowerIsBetter(double candidate, bool passes) =>
        Assert.Equal(passes, Gate.Decide(new GateSpec("rmse", null, 0.5, null, null), Rmse(candidate), Rmse(2.0), 1).Passed);

    [Theory]
    [InlineData("auc", 0.88, 0.80, true)]
    [InlineData("auc", 0.8799, 0.80, false)]
    [InlineData("rmse", 1.8, 2.0, true)]
    [InlineData("rmse", 1.81, 2.0, false)]
    public void MinRelativeChange_NeedsTheShareOfTheChampionsValue(string metric, double candidate, double champion, bool passes)
    {
        var decision = Gate.Decide(new GateSpec(metric, null, null, 0.1, null),
            new Dictionary<string, double> { [metric] = candidate }, new Dictionary<string, double> { [metric] = champion }, 1);

        Assert.Equal(passes, decision.Passed);
        Assert.Contains($"against the champion's {champion}", decision.Reason);
    }

    [Fact]
    public void MinRelativeChange_StillDemandsImprovementForANegativeChampion()
    {
        var r2 = (double v) => new Dictionary<string, double> { ["r2"] = v };
        var spec = new GateSpec("r2", null, null, 0.5, null);

        Assert.False(Gate.Decide(spec, r2(-0.4), r2(-0.4), 1).Passed);
        Assert.True(Gate.Decide(spec, r2(-0.2), r2(-0.4), 1).Passed);
        Assert.False(Gate.Decide(spec, r2(0), r2(0), 1).Passed);
        Assert.True(Gate.Decide(spec, r2(0.01), r2(0), 1).Passed);
    }

    [Fact]
    public void ChangeRules_AreSkippedWithoutAChampion()
    {
        var decision = Gate.Decide(new GateSpec("auc", null, 0.05, 0.1, null), Auc(0.5), null, 1);

        Assert.True(decision.Passed);
        Assert.Empty(decision.Rules);
    }

    [Theory]
    [InlineData(4.9, true)]
    [InlineData(5.1, false)]
    public void LatencyBound_ComparesTheP99(double p99, bool passes)
    {
        var decision = Gate.Decide(new GateSpec("auc", null, null, null, 5), Auc(0.9), Auc(0.5), p99);

        Assert.Equal(passes, decision.Passed);
        Assert.Equal($"max_latency_p99_ms: p99 latency {p99} ms per row is {(passes ? "within" : "over")} the bound of 5 ms.", decision.Reason);
    }

    [Fact]
    public void Reason_NamesEveryFailedRuleAndOnlyThose()
    {
        var decision = Gate.Decide(new GateSpec("auc", 0.7, 0.05, 0.5, 5), Auc(0.82), Auc(0.80), 9);

        Assert.False(decision.Passed);
        Assert.Equal(["threshold", "min_absolute_change", "min_relative_change", "max_latency_p99_ms"], decision.Rules.Select(r => r.Name));
        Assert.DoesNotContain("threshold", decision.Reason);
        Assert.Contains("min_absolute_change: auc 0.82 against the champion's 0.8: a change of 0.02 falls short", decision.Reason);
        Assert.Contains("min_relative_change: auc 0.82 against the champion's 0.8: a relative change of 0.025 falls short of the higher margin of 0.5 of the champion's value (needs 1.2)", decision.Reason);
        Assert.Contains("max_latency_p99_ms: p99 latency 9 ms", decision.Reason);
    }

    [Fact]
    public void Rules_FailAMetricThatIsNotAFiniteNumber()
    {
        var decision = Gate.Decide(new GateSpec("auc", 0.5, 0.01, null, null), Auc(double.NaN), Auc(0.6), 1);

        Assert.False(decision.Passed);
        Assert.All(decision.Rules, r => Assert.False(r.Passed));
    }

    [Fact]
    public void Rules_FailAgainstAChampionWhoseMetricIsNotAFiniteNumber() =>
        Assert.False(Gate.Decide(new GateSpec("auc", null, 0.01, 0.1, null), Auc(0.9), Auc(double.NaN), 1).Passed);
}
