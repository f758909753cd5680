using Capstan.Core.Errors;

namespace Capstan.Core.Tests.Errors;

public sealed class ResultTests
{
    [Fact]
    public void Value_ThrowsOnAFailureBecauseReadingItIsABug()
    {
        Result<int> failed = Error.NotFound("Model 'x' does not exist.");

        var thrown = Assert.Throws<InvalidOperationException>(() => failed.Value);
        Assert.Contains("Model 'x' does not exist.", thrown.Message);
    }

    [Fact]
    public void Then_PassesTheFirstFailureThrough()
    {
        Result<int> start = 2;

        var result = start.Then<int>(_ => Error.Conflict("first")).Then<int>(_ => Error.Internal("second"));

        Assert.Equal(new Error(ErrorCode.Conflict, "first"), result.Error);
    }

    [Fact]
    public void Map_TransformsASuccess()
    {
        Result<int> start = 2;

        Assert.Equal("4", start.Map(v => (v * 2).ToString()).Value);
    }
}
