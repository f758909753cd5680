using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Push;

public sealed class PushLimitCommandTests() : LiveServerCommandTests(options => options.MaxArtifactBytes = 1024)
{
    [Fact]
    public async Task Push_OverTheServersLimit_ExitsWithCode6()
    {
        var run = await RunAsync("push", "bc", TestModels.BreastCancerOnnx);

        Assert.Equal(ExitCodes.TooLarge, run.ExitCode);
        Assert.Contains("1024", Assert.Single(run.ErrorLines));
    }
}
