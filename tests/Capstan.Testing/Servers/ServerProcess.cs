using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Capstan.Testing.Servers;

/// <summary>A <c>capstan serve</c> child process on a free loopback port, for tests that kill or restart a server.</summary>
/// <remarks>The test project must reference <c>src/Capstan.Cli</c>, so that <c>capstan.dll</c> is built next to it.</remarks>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The server's root address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the server.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts <c>capstan serve --data <paramref name="dataDirectory"/></c> and waits until it answers <c>/v2/health/live</c>.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[CapstanDll(), "serve", "--urls", address.ToString().TrimEnd('/'), "--data", dataDirectory, .. extraArguments])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address);
        await server.WaitUntilLiveAsync();
        return server;
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

    private async Task WaitUntilLiveAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"capstan serve exited with code {_process.ExitCode}.");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
