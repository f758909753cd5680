using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Grpc.Net.Client;

namespace Capstan.Server.Tests.Hostile;

/// <summary>A real server whose data directory sits in a <see cref="CanaryRoot"/>, with the breast cancer model deployed as <c>bc</c> and a 1 MiB request limit.</summary>
/// <remarks>Rate limits are off, so that the corpus measures the input checks and not the limiter.</remarks>
public sealed class HostileServer : IAsyncLifetime
{
    private GrpcChannel _channel = null!;

    /// <summary>The canaries around the data directory.</summary>
    public CanaryRoot Root { get; } = new();

    /// <summary>The server.</summary>
    public RunningServer Server { get; private set; } = null!;

    /// <summary>A model whose external data is the absolute path of a canary.</summary>
    public string AbsoluteExternalDataOnnx { get; private set; } = "";

    /// <summary>A client for the server's gRPC port, sending the server's client headers.</summary>
    internal GRPCInferenceService.GRPCInferenceServiceClient Grpc { get; private set; } = null!;

    /// <summary>Calls on the server's gRPC port with messages of the caller's own making.</summary>
    internal global::Grpc.Core.CallInvoker GrpcInvoker => _channel.CreateCallInvoker();

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        AbsoluteExternalDataOnnx = TestModels.OnnxWithExternalData(Root.Canary("outside-weights.bin"));
        Server = await RunningServer.StartAsync(dataDirectory: Root.DataDirectory, settings: new Dictionary<string, string?>
        {
            ["ServingLimits:MaxRequestBytes"] = "1048576",
            ["RateLimitOptions:ControlPlanePermitsPerSecond"] = "0",
        });
        await Server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await Server.Http.DeployAsync("bc:1");
        _channel = GrpcChannel.ForAddress(Server.GrpcAddress);
        Grpc = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        Root.Snapshot();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Server.DisposeAsync();
        Root.Dispose();
    }
}
