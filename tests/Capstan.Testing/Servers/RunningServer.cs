using System.Net.Http.Headers;
using Capstan.Server.Hosting;
using Capstan.Testing.Files;
using Microsoft.AspNetCore.Builder;

namespace Capstan.Testing.Servers;

/// <summary>A real Capstan server on a free loopback port with its own data directory, for functional tests.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory? _ownedData;

    private RunningServer(WebApplication app, ServerOptions options, TempDirectory? ownedData)
    {
        _app = app;
        _ownedData = ownedData;
        DataDirectory = options.DataDirectory;
        BaseAddress = new Uri(options.Urls);
        GrpcAddress = new Uri(options.GrpcUrls!);
        AdminKey = TestCredentials.AdminKeyIn(options.Auth.CredentialsFile!);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (AdminKey is not null)
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>The server's root address, such as <c>http://127.0.0.1:45123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The address of the server's gRPC service.</summary>
    public Uri GrpcAddress { get; }

    /// <summary>A client for the server that authenticates with <see cref="AdminKey"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>The admin key the server's data directory got on its first start, or null when authentication is off.</summary>
    public string? AdminKey { get; }

    /// <summary>The server's services, for tests that reach its stores directly.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The data directory the server uses.</summary>
    public string DataDirectory { get; }

    /// <summary>Starts a server; <paramref name="configure"/> may change the options (free loopback ports and, unless set, the data directory are chosen here), and <paramref name="settings"/> adds configuration such as <c>RateLimitOptions:ControlPlaneBurst</c>.</summary>
    public static async Task<RunningServer> StartAsync(
        Action<ServerOptions>? configure = null, string? dataDirectory = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var options = new ServerOptions
        {
            Urls = $"http://127.0.0.1:{FreePorts.Next()}",
            GrpcUrls = $"http://127.0.0.1:{FreePorts.Next()}",
            DataDirectory = dataDirectory ?? owned!.Path,
        };
        options.Auth.CredentialsFile = TestCredentials.PathFor(options.DataDirectory);
        configure?.Invoke(options);
        var built = await CapstanServer.BuildAsync(options, settings ?? new Dictionary<string, string?>());
        if (!built.TryGetValue(out var app, out var error))
        {
            owned?.Dispose();
            throw new InvalidOperationException($"The test server did not start: {error}");
        }
        await app.StartAsync();
        return new RunningServer(app, options, owned);
    }

    /// <summary>Stops the server and deletes its data directory when this instance created it.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedData?.Dispose();
    }
}
