using System.Net;
using System.Text;

namespace Capstan.Client.Tests.Support;

/// <summary>Answers every request with a canned response and records the requests, for tests of the client's own logic.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    /// <summary>The requests sent, in order.</summary>
    public List<HttpRequestMessage> Requests { get; } = [];

    /// <summary>A handler that answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static StubHandler Answering(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

    /// <summary>A client over this handler for a server at <c>http://capstan.test/</c>.</summary>
    public CapstanClient Client() => new(new HttpClient(this), new Uri("http://capstan.test"));

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(respond(request));
    }
}
