using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Inference;

/// <summary>A real server that serves the breast cancer ONNX model as <c>bc</c> and takes inference bodies of up to 100,000 bytes, so that tests can pass the limit cheaply.</summary>
public sealed class SmallBodyLimitServer : IAsyncLifetime
{
    /// <summary>The server.</summary>
    public RunningServer Server { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["ServingLimits:MaxRequestBytes"] = "100000" });
        await Server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await Server.Http.DeployAsync("bc:1");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
