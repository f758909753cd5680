using Capstan.Core.Registry;
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

    /// <summary>Deploys <paramref name="reference"/> through the client and waits until the server reports it ready, failing the test if it fails.</summary>
    protected async Task DeployReadyAsync(string reference)
    {
        var deployed = (await Client.DeployAsync(reference, cancellationToken: Cancellation)).Value;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var current = (await Client.GetDeploymentAsync(deployed.Model, Cancellation)).Value;
            if (current.Revision == deployed.Revision && current.Status.State == DeploymentState.Ready)
                return;
            Assert.False(current.Status.State == DeploymentState.Failed, $"{reference} failed to deploy: {current.Status.Reason}");
            await Task.Delay(50, Cancellation);
        }
        throw new TimeoutException($"{reference} was not ready within 30 seconds.");
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
