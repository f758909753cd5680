using Capstan.Server.Hosting;
using Capstan.Testing.Servers;

namespace Capstan.Client.Tests.Support;

/// <summary>A test class with a real Capstan server on a loopback port and a client for it, both fresh for each test.</summary>
/// <param name="configure">Changes the server's options, such as its artifact size limit.</param>
public abstract class LiveServerTests(Action<ServerOptions>? configure = null) : IAsyncLifetime
{
    /// <summary>The user name the client sends.</summary>
    protected const string User = "alice";

    /// <summary>The running server.</summary>
    protected RunningServer Server { get; private set; } = null!;

    /// <summary>A client for <see cref="Server"/>, sending <see cref="User"/>.</summary>
    protected CapstanClient Client { get; private set; } = null!;

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync(configure);
        Client = new CapstanClient(Server.BaseAddress) { User = User, ApiKey = Server.AdminKey };
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
