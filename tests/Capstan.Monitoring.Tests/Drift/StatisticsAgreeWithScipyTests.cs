using Capstan.Monitoring.Drift;

namespace Capstan.Monitoring.Tests.Drift;

/// <summary>Every statistic agrees with SciPy to 1e-6 on the samples of <c>reference/reference.json</c>.</summary>
public sealed class StatisticsAgreeWithScipyTests
{
    [Fact]
    public void KolmogorovSmirnov_AgreesWithKs2sampOnExactAndAsymptoticCases()
    {
        foreach (var testCase in ScipyReference.Numeric)
        {
            var result = KolmogorovSmirnov.Test(testCase.Sorted("reference"), testCase.Sorted("current"));
            ScipyReference.Agrees(testCase.Number("ksStatistic"), result.Statistic, testCase, "KS statistic");
            ScipyReference.Agrees(testCase.Number("ksPValue"), result.PValue, testCase, "KS p-value");
        }
    }

    [Fact]
    public void Wasserstein_AgreesWithWassersteinDistanceAndItsNormedForm()
    {
        foreach (var testCase in ScipyReference.Numeric)
        {
            var reference = testCase.Sorted("reference");
            var current = testCase.Sorted("current");
            ScipyReference.Agrees(testCase.Number("wasserstein"), Wasserstein.Distance(reference, current), testCase, "Wasserstein");
            var normed = Wasserstein.Normed(reference, current, Wasserstein.StandardDeviation(testCase.Doubles("reference")));
            ScipyReference.Agrees(testCase.Number("normedWasserstein"), normed, testCase, "normed Wasserstein");
        }
    }

    [Fact]
    public void Histogram_CountsTheSameBinsAsNumpyOverTheReferenceRange()
    {
        foreach (var testCase in ScipyReference.Numeric)
        {
            var reference = testCase.Sorted("reference");
            var edges = Histogram.Edges(reference[0], reference[^1], Histogram.DefaultBins);
            var referenceCounts = new double[Histogram.DefaultBins];
            var currentCounts = new double[Histogram.DefaultBins];
            Histogram.Count(reference, edges, referenceCounts);
            Histogram.Count(testCase.Doubles("current"), edges, currentCounts);
            Assert.Equal(testCase.Doubles("referenceBinCounts"), referenceCounts);
            Assert.Equal(testCase.Doubles("currentBinCounts"), currentCounts);
        }
    }

    [Fact]
    public void JensenShannon_AgreesWithScipyOnBinnedAndCategoricalCounts()
    {
        foreach (var testCase in ScipyReference.Numeric)
            ScipyReference.Agrees(testCase.Number("jensenShannon"),
                JensenShannon.Distance(testCase.Doubles("referenceBinCounts"), testCase.Doubles("currentBinCounts")), testCase, "Jensen–Shannon");
        foreach (var testCase in ScipyReference.Categorical)
            ScipyReference.Agrees(testCase.Number("jensenShannon"),
                JensenShannon.Distance(testCase.Doubles("referenceCounts"), testCase.Doubles("currentCounts")), testCase, "Jensen–Shannon");
    }

    [Fact]
    public void PopulationStability_AgreesWithTheNumpyFormulaOverReferenceBins()
    {
        foreach (var testCase in ScipyReference.Numeric)
            ScipyReference.Agrees(testCase.Number("psi"),
                PopulationStability.Index(testCase.Doubles("referenceBinCounts"), testCase.Doubles("currentBinCounts")), testCase, "PSI");
    }

    [Fact]
    public void ChiSquared_AgreesWithChisquareAgainstScaledReferenceCounts()
    {
        foreach (var testCase in ScipyReference.Categorical)
        {
            var result = ChiSquared.FromCounts(testCase.Doubles("referenceCounts"), testCase.Doubles("currentCounts"));
            ScipyReference.Agrees(testCase.Number("chiSquaredStatistic"), result.Statistic, testCase, "chi-squared statistic");
            ScipyReference.Agrees(testCase.Number("chiSquaredPValue"), result.PValue, testCase, "chi-squared p-value");
        }
    }

    [Fact]
    public void ProportionZTest_AgreesWithEvidentlysFormulaOnScipysNormal()
    {
        foreach (var testCase in ScipyReference.ZTests)
        {
            var result = ProportionZTest.Test(testCase.GetProperty("referenceHits").GetInt64(), testCase.GetProperty("referenceCount").GetInt64(),
                testCase.GetProperty("currentHits").GetInt64(), testCase.GetProperty("currentCount").GetInt64());
            ScipyReference.Agrees(testCase.Number("z"), result.Statistic, testCase, "z");
            ScipyReference.Agrees(testCase.Number("pValue"), result.PValue, testCase, "z-test p-value");
        }
    }
}
