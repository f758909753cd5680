using System.Diagnostics;
using System.Net;
using Capstan.Server.Security;

namespace Capstan.Testing.Servers;

/// <summary>A <c>capstan serve</c> (or <c>quickstart</c>) child process on a free loopback port, for tests that interrupt, kill or restart a server.</summary>
/// <remarks>The test project must reference <c>src/Capstan.Cli</c>, so that <c>capstan.dll</c> is built next to it.</remarks>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress, string credentialsPath)
    {
        _process = process;
        CredentialsPath = credentialsPath;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The credentials file the child's first start writes its admin key to (<c>CAPSTAN_CREDENTIALS</c> in its environment): <c>credentials.json</c> in the data directory, so a restart on the same directory finds it.</summary>
    public string CredentialsPath { get; }

    /// <summary>The admin key in <see cref="CredentialsPath"/>, or null when there is none (authentication off).</summary>
    public string? AdminKey => TestCredentials.AdminKeyIn(CredentialsPath);

    /// <summary>The server's root address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the server.</summary>
    public HttpClient Http { get; }

    /// <summary>Everything the process wrote to standard output and standard error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts <c>capstan serve --data <paramref name="dataDirectory"/></c> and waits until it answers <c>/v2/health/live</c>.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArguments) =>
        StartAsync("serve", dataDirectory, Directory.GetCurrentDirectory(), extraArguments);

    /// <summary>Starts <c>capstan serve --data <paramref name="dataDirectory"/></c> with extra environment variables, such as configuration sections.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment) =>
        StartAsync("serve", dataDirectory, Directory.GetCurrentDirectory(), [], environment);

    /// <summary>Starts <c>capstan <paramref name="command"/> --data <paramref name="dataDirectory"/></c> in <paramref name="workingDirectory"/> and waits until it answers <c>/v2/health/live</c>.</summary>
    public static async Task<ServerProcess> StartAsync(
        string command, string dataDirectory, string workingDirectory, string[] extraArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        var credentials = TestCredentials.PathFor(Path.GetFullPath(dataDirectory, workingDirectory));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.Environment[CredentialsFile.EnvironmentVariable] = credentials;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        foreach (var argument in (string[])[CapstanDll(), command, "--urls", address.ToString().TrimEnd('/'), "--grpc-urls", $"http://127.0.0.1:{FreePorts.Next()}", "--data", dataDirectory, .. extraArguments])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, address, credentials);
        process.OutputDataReceived += (_, line) => server.Append(line.Data);
        process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilLiveAsync();
        if (server.AdminKey is { } key)
            server.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return server;
    }

    /// <summary>Sends SIGINT, as Ctrl+C does, and returns the exit code once the process has stopped.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> does, and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Kills the process if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }

    /// <summary>The path of <c>capstan.dll</c>, which a project reference to <c>src/Capstan.Cli</c> copies next to the tests.</summary>
    public static string CapstanDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "capstan.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The test project must reference src/Capstan.Cli.", dll);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilLiveAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"capstan exited with code {_process.ExitCode}: {Output}");
            try
            {
                using var response = await Http.GetAsync("/v2/health/live");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("capstan serve did not answer /v2/health/live within 60 seconds.");
    }
}
