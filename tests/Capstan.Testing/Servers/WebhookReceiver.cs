using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Capstan.Testing.Servers;

/// <summary>A real HTTP receiver of webhooks on a free loopback port, answering each post with the status a test chooses and keeping what it got.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received;
    private int _count;

    private WebhookReceiver(WebApplication app, Channel<ReceivedWebhook> received, Uri url)
    {
        _app = app;
        _received = received;
        Url = url;
    }

    /// <summary>The address to post to, with a path and query as real webhook addresses carry their tokens.</summary>
    public Uri Url { get; }

    /// <summary>How many posts arrived.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts a receiver that answers the Nth post (from 1) with <paramref name="status"/>(N); 200 for every post when null.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? status = null)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var received = Channel.CreateUnbounded<ReceivedWebhook>();
        var receiver = new WebhookReceiver(app, received, new Uri($"http://127.0.0.1:{port}/hooks/T0001/B0002?token=secret"));
        app.MapPost("/hooks/{**rest}", async (HttpContext context) =>
        {
            var attempt = Interlocked.Increment(ref receiver._count);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var answer = status?.Invoke(attempt) ?? 200;
            await received.Writer.WriteAsync(new ReceivedWebhook(attempt, context.Request.Path + context.Request.QueryString, context.Request.ContentType ?? "", body, answer));
            context.Response.StatusCode = answer;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits for the next post.</summary>
    public async Task<ReceivedWebhook> NextAsync(CancellationToken cancellationToken) => await _received.Reader.ReadAsync(cancellationToken);

    /// <summary>Stops the receiver.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One post a <see cref="WebhookReceiver"/> got: which it was, where to, its content type and body, and the status it was answered with.</summary>
public sealed record ReceivedWebhook(int Attempt, string PathAndQuery, string ContentType, string Body, int Answered);
