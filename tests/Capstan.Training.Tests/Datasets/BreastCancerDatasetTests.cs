using Capstan.Training.Datasets;

namespace Capstan.Training.Tests.Datasets;

public sealed class BreastCancerDatasetTests
{
    [Fact]
    public void Load_Reads569RowsOf30Features()
    {
        var dataset = BreastCancerDataset.Load();

        Assert.Equal(569, dataset.Samples.Count);
        Assert.Equal(30, dataset.FeatureCount);
        Assert.All(dataset.Samples, sample => Assert.Equal(30, sample.Features.Length));
        Assert.Equal(17.99f, dataset.Samples[0].Features[0]);
    }

    [Fact]
    public void Load_MakesMalignantThePositiveClass()
    {
        var dataset = BreastCancerDataset.Load();

        Assert.Equal("malignant", dataset.PositiveClass);
        Assert.Equal("benign", dataset.NegativeClass);
        Assert.Equal(212, dataset.Samples.Count(sample => sample.Label));
        Assert.True(dataset.Samples[0].Label, "The first row has target 0, which is malignant.");
    }

    [Fact]
    public void Load_CarriesTheSourceAndLicence()
    {
        var dataset = BreastCancerDataset.Load();

        Assert.Contains("UCI", dataset.Source);
        Assert.Equal("CC BY 4.0", dataset.Licence);
    }

    [Fact]
    public void Split_HoldsOutTheFractionTheSameWayForTheSameSeed()
    {
        var dataset = BreastCancerDataset.Load();

        var first = dataset.Split(0.2, seed: 3);
        var second = dataset.Split(0.2, seed: 3);
        var other = dataset.Split(0.2, seed: 4);

        Assert.Equal(114, first.Holdout.Count);
        Assert.Equal(455, first.Train.Count);
        Assert.Equal(first.Holdout, second.Holdout);
        Assert.NotEqual(first.Holdout, other.Holdout);
        Assert.Empty(first.Train.Intersect(first.Holdout));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Split_RefusesAFractionOutsideZeroToOne(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BreastCancerDataset.Load().Split(fraction, seed: 1));

    [Fact]
    public void Fingerprint_IsTheSha256OfTheShippedCsv()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Capstan.slnx")))
            root = root.Parent!;
        var shipped = File.ReadAllBytes(Path.Combine(root.FullName, "data", "breast_cancer.csv"));

        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(shipped)), BreastCancerDataset.Fingerprint());
    }
}
