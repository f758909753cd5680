using Capstan.Registry.Stores;
using Capstan.Server.Hardening;
using Capstan.Server.Hosting;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Security;
using Capstan.Serving.DataPlane;
using Capstan.Serving.Validation;
using Capstan.Testing.Servers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>A real ASP.NET Core server on loopback that hosts the gRPC inference service, registered as Capstan registers it, over a <see cref="FakeDataPlane"/>.</summary>
/// <remarks>It listens with HTTP/2 alone on the gRPC port and on one more port that is not a gRPC address, to show the service is mapped on the gRPC port only.</remarks>
internal sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly GrpcChannel _otherChannel;

    private GrpcTestServer(WebApplication app, FakeDataPlane dataPlane, Uri address, Uri otherAddress)
    {
        _app = app;
        DataPlane = dataPlane;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = null });
        _otherChannel = GrpcChannel.ForAddress(otherAddress);
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        OtherPortClient = new GRPCInferenceService.GRPCInferenceServiceClient(_otherChannel);
    }

    /// <summary>The data plane behind the service.</summary>
    public FakeDataPlane DataPlane { get; }

    /// <summary>A client for the gRPC port.</summary>
    public GRPCInferenceService.GRPCInferenceServiceClient Client { get; }

    /// <summary>Calls on the gRPC port with messages of the caller's own making.</summary>
    public CallInvoker Invoker => _channel.CreateCallInvoker();

    /// <summary>A client for the HTTP/2 port that is not a gRPC address.</summary>
    public GRPCInferenceService.GRPCInferenceServiceClient OtherPortClient { get; }

    /// <summary>Starts a server with <paramref name="limits"/>, or the default limits, and <paramref name="settings"/> over its configuration.</summary>
    public static async Task<GrpcTestServer> StartAsync(ServingLimits? limits = null, Dictionary<string, string?>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var otherAddress = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var dataPlane = new FakeDataPlane();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenLocalhost(address.Port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.ListenLocalhost(otherAddress.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton<IDataPlane>(dataPlane);
        builder.Services.AddSingleton(limits ?? new ServingLimits());
        builder.Services.AddCapstanGrpc();
        builder.Services.AddSingleton<IAuditStore>(new InMemoryRegistryStore(TimeProvider.System));
        builder.Services.AddCapstanHardening();
        builder.Services.AddCapstanSecurity(new AuthOptions { Disabled = true });
        var app = builder.Build();
        app.UseCapstanHardening();
        app.UseCapstanSecurity();
        app.MapCapstanGrpc(new ServerEndpoints([], [address]));
        await app.StartAsync();
        return new GrpcTestServer(app, dataPlane, address, otherAddress);
    }

    /// <summary>Stops the server and closes the channels.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        _otherChannel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
