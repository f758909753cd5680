using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Alerts;

/// <summary>One server shared by the alert API tests, with the models <c>bc</c> and <c>other</c> pushed and nothing deployed.</summary>
public sealed class AlertsServer : IAsyncLifetime
{
    /// <summary>The running server.</summary>
    public RunningServer Server { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["AlertOptions:Enabled"] = "false" });
        await Server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await Server.Http.PushAsync("other", TestModels.BreastCancerOnnx);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
