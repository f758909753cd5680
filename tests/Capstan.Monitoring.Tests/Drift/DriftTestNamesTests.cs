using Capstan.Monitoring.Drift;

namespace Capstan.Monitoring.Tests.Drift;

public sealed class DriftTestNamesTests
{
    [Fact]
    public void DriftTests_CoverTheStatisticsTheIssueNames()
    {
        Assert.Equal(6, Enum.GetValues<DriftTest>().Length);
    }
}
