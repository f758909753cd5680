using System.Net.Sockets;
using System.Text;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Hardening;

/// <summary>Requests written by hand on a socket, for what HttpClient will not send: endless chunked bodies and oversized heads.</summary>
/// <remarks>The server's client headers (such as its API key) are copied into every request, so these keep working with authentication on.</remarks>
public static class RawHttp
{
    /// <summary>Sends <paramref name="requestLine"/> with a chunked body, <paramref name="opening"/> then 64 KiB chunks of <paramref name="filler"/> until <paramref name="maxBytes"/> or the server answers, and returns the start of the answer.</summary>
    public static async Task<string> SendChunkedAsync(RunningServer server, string requestLine, string contentType, string opening, char filler, long maxBytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var head = new StringBuilder($"{requestLine} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n");
        foreach (var (name, values) in server.Http.DefaultRequestHeaders)
            head.Append($"{name}: {string.Join(",", values)}\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        var chunk = new string(filler, 64 * 1024);
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"{opening.Length:x}\r\n{opening}\r\n"));
            var frame = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n{chunk}\r\n");
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

    /// <summary>The server's client headers as gRPC call metadata.</summary>
    public static Grpc.Core.Metadata GrpcHeaders(RunningServer server)
    {
        var headers = new Grpc.Core.Metadata();
        foreach (var (name, values) in server.Http.DefaultRequestHeaders)
            headers.Add(name.ToLowerInvariant(), string.Join(",", values));
        return headers;
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
