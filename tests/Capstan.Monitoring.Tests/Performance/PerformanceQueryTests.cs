using Capstan.Core.Errors;
using Capstan.Core.Performance;
using Capstan.Monitoring.Performance;

namespace Capstan.Monitoring.Tests.Performance;

public sealed class PerformanceQueryTests
{
    [Fact]
    public void Parse_ReadsDurationsTheTaskAndTheOutputs()
    {
        var query = PerformanceQuery.Parse("7d", "6h", "multiclass", "label", "probabilities").Value;

        Assert.Equal(new PerformanceQuery(TimeSpan.FromDays(7), TimeSpan.FromHours(6), PerformanceTask.Multiclass, "label", "probabilities"), query);
        Assert.Equal(new PerformanceQuery(TimeSpan.FromHours(24), TimeSpan.FromHours(1)), PerformanceQuery.Parse(null, null, null, null, null).Value);
        Assert.Equal(TimeSpan.FromMinutes(30), PerformanceQuery.Parse("30m", null, null, null, null).Value.Bucket);
    }

    [Theory]
    [InlineData("yesterday", null, null, null, "The window 'yesterday' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("0h", null, null, null, "The window '0h' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("-1h", null, null, null, "The window '-1h' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("400d", null, null, null, "The window 400d is longer than 366 days.")]
    [InlineData("1h", "2h", null, null, "The bucket 2h is longer than the window 1h.")]
    [InlineData("30d", "1m", null, null, "A window of 30d in buckets of 1m makes 43,200 buckets; at most 1000 are allowed.")]
    [InlineData("1h", "1x", null, null, "The bucket '1x' is not a duration such as 30m, 1h or 7d.")]
    [InlineData(null, null, "ranking", null, "The task 'ranking' is not one of binary, multiclass or regression.")]
    [InlineData(null, null, null, "", "label_output is empty; name one of the model's outputs or leave it out.")]
    public void Parse_RefusesWhatItCannotComputeWithThePreciseReason(string? window, string? bucket, string? task, string? label, string message)
    {
        Assert.Equal(Error.InvalidInput(message), PerformanceQuery.Parse(window, bucket, task, label, null).Error);
    }
}
