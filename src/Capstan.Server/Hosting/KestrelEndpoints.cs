using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Capstan.Server.Hosting;

/// <summary>Binds Kestrel to the server's endpoints: HTTP/1.1 for the HTTP addresses, HTTP/2 alone (h2c, as gRPC clients speak it without TLS) for gRPC.</summary>
/// <remarks>Without TLS there is no protocol negotiation, so one port cannot offer both; TLS arrives with the security work.</remarks>
internal static class KestrelEndpoints
{
    /// <summary>Adds a listener for every address in <paramref name="endpoints"/>.</summary>
    public static void Listen(KestrelServerOptions kestrel, ServerEndpoints endpoints)
    {
        foreach (var address in endpoints.Http)
            Listen(kestrel, address, HttpProtocols.Http1);
        foreach (var address in endpoints.Grpc)
            Listen(kestrel, address, HttpProtocols.Http2);
    }

    private static void Listen(KestrelServerOptions kestrel, Uri address, HttpProtocols protocols)
    {
        if (address.IsLoopback && address.Host == "localhost")
            kestrel.ListenLocalhost(address.Port, listen => listen.Protocols = protocols);
        else
            kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port, listen => listen.Protocols = protocols);
    }
}
