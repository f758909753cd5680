using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Capstan.Server.Hosting;

/// <summary>Binds Kestrel to the server's endpoints: HTTP/1.1 for plain HTTP addresses, HTTP/1.1 and HTTP/2 for <c>https://</c> ones, HTTP/2 alone for gRPC.</summary>
/// <remarks>
/// Without TLS there is no protocol negotiation, so a plain port speaks one protocol (gRPC clients use HTTP/2 without
/// TLS, h2c); over TLS the client picks the protocol by ALPN, so one <c>https://</c> port serves both.
/// </remarks>
internal static class KestrelEndpoints
{
    /// <summary>Adds a listener for every address in <paramref name="endpoints"/>.</summary>
    public static void Listen(KestrelServerOptions kestrel, ServerEndpoints endpoints)
    {
        foreach (var address in endpoints.Http)
            Listen(kestrel, address, ServerEndpoints.IsTls(address) ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1, endpoints.Certificate);
        foreach (var address in endpoints.Grpc)
            Listen(kestrel, address, HttpProtocols.Http2, endpoints.Certificate);
    }

    private static void Listen(KestrelServerOptions kestrel, Uri address, HttpProtocols protocols, X509Certificate2? certificate)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (ServerEndpoints.IsTls(address))
                listen.UseHttps(certificate!);
        }

        if (address.IsLoopback && address.Host == "localhost")
            kestrel.ListenLocalhost(address.Port, Configure);
        else
            kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port, Configure);
    }
}
