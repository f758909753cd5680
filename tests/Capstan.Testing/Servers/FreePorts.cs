using System.Net;
using System.Net.Sockets;

namespace Capstan.Testing.Servers;

/// <summary>Hands out loopback ports that were free a moment ago, for servers that must be told their port up front.</summary>
public static class FreePorts
{
    /// <summary>A port nothing listened on when asked; the operating system does not hand it out again soon.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
