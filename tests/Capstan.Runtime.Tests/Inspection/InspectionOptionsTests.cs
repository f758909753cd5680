using Capstan.Runtime.Inspection;

namespace Capstan.Runtime.Tests.Inspection;

public sealed class InspectionOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedLimits()
    {
        var options = new InspectionOptions();

        Assert.Equal(10_000, options.MaxZipEntries);
        Assert.Equal(4L * 1024 * 1024 * 1024, options.MaxZipUncompressedBytes);
        Assert.Equal(100, options.MaxCompressionRatio);
        Assert.Equal(1024 * 1024, options.CompressionRatioThresholdBytes);
    }

    [Fact]
    public void Inspector_RefusesOutOfRangeOptionsAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInspector(new InspectionOptions { MaxZipEntries = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInspector(new InspectionOptions { MaxZipUncompressedBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInspector(new InspectionOptions { MaxCompressionRatio = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInspector(new InspectionOptions { CompressionRatioThresholdBytes = -1 }));
    }
}
