using System.Net.Sockets;
using System.Text;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Hardening;

/// <summary>Requests written by hand on a socket, for what HttpClient will not send: endless chunked bodies and oversized heads.</summary>
/// <remarks>The server's client headers (such as its API key) are copied into every request, so these keep working with authentication on.</remarks>
public static class RawHttp
{
    /// <summary>Sends <paramref name="requestLine"/> with a chunked body, then chunks of <paramref name="chunk"/> until <paramref name="maxBytes"/> or the server stops reading, and returns the status line and head of the answer.</summary>
    public static async Task<string> SendChunkedAsync(RunningServer server, string requestLine, string contentType, byte[] chunk, long maxBytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var head = new StringBuilder($"{requestLine} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n");
        foreach (var (name, values) in server.Http.DefaultRequestHeaders)
            head.Append($"{name}: {string.Join(",", values)}\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        var frame = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();
        try
        {
            for (long sent = 0; sent < maxBytes && socket.Available == 0; sent += chunk.Length)
                await socket.SendAsync(frame);
        }
        catch (SocketException)
        {
        }
        var buffer = new byte[16 * 1024];
        var read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(30));
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>A client that sends the server's own client headers.</summary>
    public static HttpClient ClientLike(RunningServer server, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = server.BaseAddress;
        foreach (var (name, values) in server.Http.DefaultRequestHeaders)
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, values);
        return http;
    }
}
