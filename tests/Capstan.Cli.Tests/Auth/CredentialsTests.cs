using System.Diagnostics;
using Capstan.Server.Security;
using Capstan.Testing.Files;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Auth;

/// <summary>The local CLI finds the key the server's first start stored, without being told.</summary>
public sealed class CredentialsTests
{
    [Fact]
    public async Task Cli_UsesTheKeyTheServersFirstStartStoredForThatServer()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path);

        var models = await RunCliAsync(server.CredentialsPath, "models", "--server", server.BaseAddress.ToString(), "--json");
        var token = await RunCliAsync(server.CredentialsPath, "auth", "token", "--server", server.BaseAddress.ToString());

        Assert.True(models.ExitCode == 0, models.Output);
        Assert.Equal(server.AdminKey, token.Output.Trim());
    }

    [Fact]
    public async Task Cli_WithoutAKeyIsToldHowToAuthenticate()
    {
        using var data = new TempDirectory();
        using var elsewhere = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path);

        var models = await RunCliAsync(Path.Combine(elsewhere.Path, "none.json"), "models", "--server", server.BaseAddress.ToString());

        Assert.NotEqual(0, models.ExitCode);
        Assert.Contains("Authentication is required", models.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(string credentials, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment[CredentialsFile.EnvironmentVariable] = credentials;
        start.Environment.Remove("CAPSTAN_API_KEY");
        foreach (var argument in (string[])[ServerProcess.CapstanDll(), .. args])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
