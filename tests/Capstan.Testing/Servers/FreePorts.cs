using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Capstan.Testing.Servers;

/// <summary>Hands out loopback ports that were free a moment ago, for servers that must be told their port up front.</summary>
public static class FreePorts
{
    /// <summary>The ports handed out so far: the operating system may hand a port it just freed out again at once, and two servers asked for ports in a row must not get the same one.</summary>
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>A port nothing listened on when asked, and that this process has not handed out before.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
                return port;
        }
    }
}
