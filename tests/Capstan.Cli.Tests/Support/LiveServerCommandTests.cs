using System.Text.Json;
using Capstan.Core.Serialization;
using Capstan.Server.Hosting;
using Capstan.Testing.Files;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Support;

/// <summary>A test class that runs <c>capstan</c> commands in this process against a real server, fresh for each test.</summary>
/// <param name="configure">Changes the server's options, such as its artifact size limit.</param>
public abstract class LiveServerCommandTests(Action<ServerOptions>? configure = null) : IAsyncLifetime
{
    /// <summary>The running server.</summary>
    protected RunningServer Server { get; private set; } = null!;

    /// <summary>A directory for the test's own files, deleted after the test.</summary>
    protected TempDirectory Files { get; } = new();

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => Server = await RunningServer.StartAsync(configure);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Files.Dispose();
    }

    /// <summary>Runs <c>capstan</c> with <paramref name="args"/>, <c>--server</c> set to <see cref="Server"/> and its admin key.</summary>
    protected Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--server", Server.BaseAddress.ToString(), "--api-key", Server.AdminKey!]);

    /// <summary>Runs a command that must succeed, failing the test with its error line otherwise.</summary>
    protected async Task<CliRun> SucceedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == 0, $"capstan {string.Join(' ', args)} exited {run.ExitCode}: {run.Errors}");
        return run;
    }

    /// <summary>Runs a command with <c>--json</c> that must succeed, and reads what it printed.</summary>
    protected async Task<T> JsonAsync<T>(params string[] args) =>
        JsonSerializer.Deserialize<T>((await SucceedAsync([.. args, "--json"])).Output, CapstanJson.Options)!;
}
