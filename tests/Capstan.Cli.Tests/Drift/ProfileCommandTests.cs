using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Testing.Models;

namespace Capstan.Cli.Tests.Drift;

public sealed class ProfileCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task PushWithProfileData_ThatCannotBeProfiled_KeepsThePushAndSaysSoInOneLine()
    {
        var data = Path.Combine(Files.Path, "wrong.csv");
        await File.WriteAllTextAsync(data, "a,b\n1,2\n", TestContext.Current.CancellationToken);

        var run = await RunAsync("push", "bc", TestModels.BreastCancerOnnx, "--profile-data", data);
        var pushed = await JsonAsync<Core.Registry.ModelVersionInfo>("show", "bc:1");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(
            $"error: Pushed bc:1, but profiling it from '{data}' failed: The input 'Features' takes 30 values per row, one per column in order, but the file has 2 columns: 'a', 'b'.",
            Assert.Single(run.ErrorLines));
        Assert.Equal("bc:1", pushed.Reference);
    }
}
