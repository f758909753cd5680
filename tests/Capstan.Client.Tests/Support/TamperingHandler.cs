namespace Capstan.Client.Tests.Support;

/// <summary>Flips one byte in the middle of every artifact the server sends, as a corrupting proxy or disk would.</summary>
public sealed class TamperingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || !request.RequestUri!.AbsolutePath.EndsWith("/artifact", StringComparison.Ordinal))
            return response;
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        bytes[bytes.Length / 2] ^= 0xFF;
        var tampered = new ByteArrayContent(bytes);
        foreach (var header in response.Content.Headers)
            tampered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = tampered;
        return response;
    }
}
