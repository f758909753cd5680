using Capstan.Core.Monitoring;
using Capstan.Monitoring.Drift;
using Capstan.Monitoring.Signals;

namespace Capstan.Monitoring.Tests.Drift;

public sealed class DriftSettingsTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Check_AcceptsTheDefaultsAndAChosenTestWithItsThreshold()
    {
        Assert.Null(new DriftSettings().Check(Hour));
        Assert.Null(new DriftSettings(DriftTest.PopulationStabilityIndex, 0.2, 0.3).Check(Hour));
        Assert.Null(new DriftSettings(DriftTest.KolmogorovSmirnov, 0.01).Check(TimeSpan.FromDays(90)));
    }

    [Theory]
    [InlineData(null, 0.2, 0.5, 3600, "A threshold needs the test it applies to")]
    [InlineData(DriftTest.ChiSquared, 1.5, 0.5, 3600, "The threshold 1.5 of chisquare is not a p-value above 0 and at most 1.")]
    [InlineData(DriftTest.JensenShannon, 0.0, 0.5, 3600, "The threshold 0 of jensenshannon is not a distance above 0.")]
    [InlineData(null, null, 1.5, 3600, "The drift share 1.5 is outside (0, 1]")]
    [InlineData(null, null, 0.5, 0, "The window 0s is outside 1s to 90d.")]
    public void Check_RefusesSettingsThatMeanNothing(DriftTest? test, double? threshold, double share, int seconds, string expected)
    {
        var error = new DriftSettings(test, threshold, share).Check(TimeSpan.FromSeconds(seconds));

        Assert.NotNull(error);
        Assert.StartsWith(expected, error.Value.Message);
    }

    [Theory]
    [InlineData("drift_share", true)]
    [InlineData("drift_detected", true)]
    [InlineData("prediction_drift", true)]
    [InlineData("prediction_drift_share", true)]
    [InlineData("prediction_drift_detected", true)]
    [InlineData("drift:mean radius", true)]
    [InlineData("drift:", false)]
    [InlineData("accuracy", false)]
    [InlineData("error_rate", false)]
    public void DriftSignals_ProvideTheDriftFamilyOnly(string signal, bool provided)
    {
        Assert.Equal(provided, new DriftSignals(null!).Provides(signal));
    }
}
