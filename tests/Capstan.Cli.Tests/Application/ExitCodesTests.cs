using Capstan.Cli.Application;
using Capstan.Core.Errors;

namespace Capstan.Cli.Tests.Application;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(ErrorCode.Internal, 1)]
    [InlineData(ErrorCode.InvalidInput, 2)]
    [InlineData(ErrorCode.NotFound, 3)]
    [InlineData(ErrorCode.AlreadyExists, 4)]
    [InlineData(ErrorCode.Conflict, 4)]
    [InlineData(ErrorCode.Unauthorized, 5)]
    [InlineData(ErrorCode.Forbidden, 5)]
    [InlineData(ErrorCode.TooLarge, 6)]
    [InlineData(ErrorCode.NotReady, 7)]
    [InlineData(ErrorCode.Overloaded, 8)]
    public void For_GivesTheDocumentedExitCode(ErrorCode code, int exitCode)
    {
        Assert.Equal(exitCode, ExitCodes.For(code));
    }

    [Fact]
    public void For_GivesOnlyInternalErrorsTheInternalExitCode()
    {
        var codes = Enum.GetValues<ErrorCode>().Where(c => ExitCodes.For(c) == ExitCodes.Internal);

        Assert.Equal([ErrorCode.Internal], codes);
    }

    [Fact]
    public void For_NeverGivesSuccess()
    {
        Assert.DoesNotContain(Enum.GetValues<ErrorCode>(), c => ExitCodes.For(c) == ExitCodes.Ok);
    }
}
