using System.Text.Json;
using Capstan.Core.Monitoring;
using Capstan.Core.Serialization;
using Capstan.Monitoring.Drift;
using Capstan.Monitoring.Profiles;

namespace Capstan.Monitoring.Tests.Drift;

public sealed class DriftDetectorTests
{
    private static double[] Normal(Random random, int count, double shift = 0) =>
        Enumerable.Range(0, count).Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) + shift).ToArray();

    [Fact]
    public void DefaultTest_FollowsEvidentlyByTypeAndReferenceSize()
    {
        var random = new Random(7);
        Assert.Equal(DriftTest.KolmogorovSmirnov, DriftDetector.DefaultTest(FeatureProfiler.Numeric("x", Normal(random, 1000))));
        Assert.Equal(DriftTest.NormedWasserstein, DriftDetector.DefaultTest(FeatureProfiler.Numeric("x", Normal(random, 1001))));
        Assert.Equal(DriftTest.ChiSquared, DriftDetector.DefaultTest(FeatureProfiler.Categorical("c", ["a", "b", "c"])));
        Assert.Equal(DriftTest.ZTest, DriftDetector.DefaultTest(FeatureProfiler.Categorical("c", ["a", "b", "a"])));
        Assert.Equal(DriftTest.ZTest, DriftDetector.DefaultTest(FeatureProfiler.Numeric("flag", [0, 1, 1, 0])));
        Assert.Equal(DriftTest.JensenShannon, DriftDetector.DefaultTest(FeatureProfiler.Numeric("level", Enumerable.Range(0, 2000).Select(i => (double)(i % 4)).ToArray())));
    }

    [Fact]
    public void Numeric_AgainstAnExactProfileEqualsScipyOnTheRawReference()
    {
        var testCase = ScipyReference.Numeric.Single(c => c.GetProperty("name").GetString() == "shifted mean");
        var profile = FeatureProfiler.Numeric("x", testCase.Doubles("reference"));
        var drift = DriftDetector.Numeric(profile, testCase.Doubles("current")).Value;
        Assert.Equal(DriftTest.KolmogorovSmirnov, drift.Test);
        ScipyReference.Agrees(testCase.Number("ksPValue"), drift.PValue, testCase, "KS p-value against the profile");
        Assert.True(drift.Drifted);
        var psi = DriftDetector.Numeric(profile, testCase.Doubles("current"), DriftTest.PopulationStabilityIndex, 0.2).Value;
        ScipyReference.Agrees(testCase.Number("psi"), psi.Statistic, testCase, "PSI against the profile");
        Assert.Equal(0.2, psi.Threshold);
    }

    [Fact]
    public void Numeric_AgainstASketchStaysWithinItsDocumentedBound()
    {
        var random = new Random(11);
        var reference = Normal(random, 50_000);
        var current = Normal(random, 20_000, 0.05);
        var sketch = FeatureProfiler.Numeric("x", reference, sampleSize: 2000);
        Assert.False(sketch.SampleIsExact);
        var sortedReference = reference.Order().ToArray();
        var sortedCurrent = current.Order().ToArray();
        var exact = Wasserstein.Distance(sortedReference, sortedCurrent);
        var approximate = Wasserstein.Distance(sketch.Sample, sortedCurrent);
        Assert.InRange(Math.Abs(exact - approximate), 0, (sortedReference[^1] - sortedReference[0]) / 2000);
        var ks = KolmogorovSmirnov.Statistic(sketch.Sample, sortedCurrent);
        Assert.InRange(Math.Abs(KolmogorovSmirnov.Statistic(sortedReference, sortedCurrent) - ks), 0, 1.0 / 2000);
    }

    [Fact]
    public void Categorical_WithAnUnseenCategoryDriftsUnderChiSquared()
    {
        var profile = FeatureProfiler.Categorical("colour", [.. Enumerable.Repeat("red", 50), .. Enumerable.Repeat("green", 30), .. Enumerable.Repeat("blue", 20), null]);
        Assert.Equal(1.0 / 101, profile.MissingRate, 12);
        var drift = DriftDetector.Categorical(profile, [.. Enumerable.Repeat("red", 50), .. Enumerable.Repeat("green", 30), "violet"]).Value;
        Assert.Equal(DriftTest.ChiSquared, drift.Test);
        Assert.Equal(0.0, drift.PValue);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void Categorical_RejectsTheZTestForMoreThanTwoCategories()
    {
        var profile = FeatureProfiler.Categorical("colour", ["red", "green", "blue"]);
        Assert.False(DriftDetector.Categorical(profile, ["red"], DriftTest.ZTest).IsSuccess);
    }

    [Fact]
    public void Dataset_DriftsWhenTheDriftedShareReachesTheThreshold()
    {
        var random = new Random(3);
        var features = Enumerable.Range(0, 4).Select(i => FeatureProfiler.Numeric($"f{i}", Normal(random, 2000))).ToList();
        var profile = new DatasetProfile(2000, features);
        double[][] columns = [Normal(random, 2000, 1), Normal(random, 2000, 1), Normal(random, 2000), Normal(random, 2000)];
        var drift = DriftDetector.Numeric(profile, columns).Value;
        Assert.Equal(0.5, drift.DriftedShare);
        Assert.True(drift.Drifted);
        Assert.False(DriftDetector.Dataset(drift.Features, 0.75).Drifted);
    }

    [Fact]
    public void DatasetProfile_RoundTripsThroughCapstanJson()
    {
        var random = new Random(5);
        var profile = new DatasetProfile(300, [FeatureProfiler.Numeric("x", Normal(random, 300)), FeatureProfiler.Categorical("c", ["a", "b", null])]);
        var json = JsonSerializer.Serialize(profile, CapstanJson.Options);
        var back = JsonSerializer.Deserialize<DatasetProfile>(json, CapstanJson.Options)!;
        Assert.Equal(profile.Features[0].Sample, back.Features[0].Sample);
        Assert.Equal(profile.Features[0].HistogramCounts, back.Features[0].HistogramCounts);
        Assert.Equal(profile.Features[1].Categories, back.Features[1].Categories);
        Assert.Equal(json, JsonSerializer.Serialize(back, CapstanJson.Options));
    }
}
