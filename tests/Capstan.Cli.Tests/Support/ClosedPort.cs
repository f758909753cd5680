using System.Net;
using System.Net.Sockets;

namespace Capstan.Cli.Tests.Support;

/// <summary>A loopback address where nothing listens, for testing an unreachable server.</summary>
public static class ClosedPort
{
    /// <summary>An http:// URL on a loopback port that was free a moment ago.</summary>
    public static string Url()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
