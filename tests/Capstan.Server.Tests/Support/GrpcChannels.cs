using Capstan.Testing.Servers;
using Grpc.Core;
using Grpc.Net.Client;

namespace Capstan.Server.Tests.Support;

/// <summary>gRPC channels to a test server that send an API key as <c>authorization</c> metadata on every call.</summary>
public static class GrpcChannels
{
    /// <summary>A channel to <paramref name="server"/>'s gRPC address with its admin key.</summary>
    public static GrpcChannel For(RunningServer server, GrpcChannelOptions? options = null) =>
        WithKey(server.GrpcAddress, server.AdminKey, options);

    /// <summary>A channel to <paramref name="address"/> sending <paramref name="apiKey"/>, or nothing when it is null.</summary>
    public static GrpcChannel WithKey(Uri address, string? apiKey, GrpcChannelOptions? options = null)
    {
        options ??= new GrpcChannelOptions();
        if (apiKey is not null)
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
                return Task.CompletedTask;
            }));
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }
        return GrpcChannel.ForAddress(address, options);
    }
}
