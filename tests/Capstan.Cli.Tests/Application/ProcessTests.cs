using System.Diagnostics;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Core.Registry;
using Capstan.Core.Serialization;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Application;

/// <summary>The built <c>capstan</c> executable run as a child process, with real standard output and error.</summary>
public sealed class ProcessTests
{
    [Fact]
    public void TheExecutable_RunsOnServerGcWithoutDatasAndTiersUpWithoutDelay()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(ServerProcess.CapstanDll(), ".runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
        Assert.Equal(0, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
    }

    [Fact]
    public async Task UnreachableServer_ExitsWithCode7AndOneLineOnStandardError()
    {
        var (exitCode, output, errors) = await RunAsync("models", "--server", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.NotReady, exitCode);
        Assert.Equal("", output);
        Assert.Equal("error: Cannot reach the Capstan server at http://127.0.0.1:1/: Connection refused (ConnectionRefused)", errors.TrimEnd('\n'));
    }

    [Fact]
    public async Task Json_IsOneUnwrappedLineOnStandardOutputHoweverLong()
    {
        await using var server = await RunningServer.StartAsync();
        var description = new string('x', 500);

        var (exitCode, output, errors) = await RunAsync(
            "push", "bc", TestModels.BreastCancerOnnx, "--description", description, "--json", "--server", server.BaseAddress.ToString(), "--api-key", server.AdminKey!);

        Assert.Equal((ExitCodes.Ok, ""), (exitCode, errors));
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(description, JsonSerializer.Deserialize<ModelVersionInfo>(line, CapstanJson.Options)!.Description);
    }

    [Fact]
    public async Task ALongError_StaysOnOneLine()
    {
        var (exitCode, _, errors) = await RunAsync("show", new string('a', 100) + "/" + new string('b', 100));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "capstan.dll"));
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }
}
