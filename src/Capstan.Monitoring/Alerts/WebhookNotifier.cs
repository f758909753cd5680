using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Capstan.Core.Alerts;
using Capstan.Core.Security;
using Capstan.Core.Serialization;
using Capstan.Registry.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Capstan.Monitoring.Alerts;

/// <summary>Posts each firing and resolved transition to its rule's webhooks, off the evaluation path, retrying with exponential backoff.</summary>
/// <remarks>
/// Transitions wait on a bounded queue (<see cref="AlertOptions.WebhookQueueCapacity"/>) and are delivered by
/// <see cref="AlertOptions.WebhookConcurrency"/> workers. A try that fails to connect, times out, or is answered 408, 429
/// or 5xx is retried after a delay that doubles from <see cref="AlertOptions.WebhookBaseDelay"/>, with jitter, up to
/// <see cref="AlertOptions.WebhookAttempts"/> tries; another 4xx, or a redirect (never followed), ends it at once. A
/// notification given up, or refused because the queue is full, is logged and recorded in the audit trail as
/// <c>alert.webhook.failed</c>, with the address cut to its origin since webhook paths often hold secrets. Connections
/// are checked after name resolution, so a host name that resolves only to a link-local address is refused as its literal would be.
/// Pending and cancelled transitions notify nobody. Thread-safe.
/// </remarks>
public sealed class WebhookNotifier : BackgroundService, IAlertListener
{
    /// <summary>The actor failed deliveries are recorded under.</summary>
    public static Actor Notifier { get; } = new("alert-notifier");

    private readonly AlertOptions _options;
    private readonly IAuditStore _audit;
    private readonly ILogger<WebhookNotifier> _logger;
    private readonly Channel<Delivery> _queue;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Creates the notifier; <see cref="BackgroundService.StartAsync"/> starts its workers.</summary>
    public WebhookNotifier(AlertOptions options, IAuditStore audit, TimeProvider time, ILogger<WebhookNotifier> logger)
    {
        _options = options;
        _audit = audit;
        _logger = logger;
        _queue = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(options.WebhookQueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.WebhookTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.WebhookAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.WebhookAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.WebhookBaseDelay,
                MaxDelay = options.WebhookMaxDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                OnRetry = retry =>
                {
                    _logger.LogWarning("Webhook try {Attempt} failed ({Why}); trying again in {Delay}.",
                        retry.AttemptNumber + 1, Why(retry.Outcome.Result, retry.Outcome.Exception), retry.RetryDelay);
                    return default;
                },
            });
        }
        _pipeline = builder.AddTimeout(options.WebhookTimeout).Build();
    }

    /// <inheritdoc />
    public async Task OnTransitionAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Transition.Change is not (AlertChange.Firing or AlertChange.Resolved))
            return;
        foreach (var webhook in notification.Rule.Webhooks)
        {
            var delivery = new Delivery(webhook, notification);
            if (!_queue.Writer.TryWrite(delivery))
                await GiveUpAsync(delivery, 0, $"the delivery queue is full ({_options.WebhookQueueCapacity} waiting)", cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.WebhookConcurrency).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    /// <inheritdoc />
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken))
                await DeliverAsync(delivery, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        var body = WebhookBodies.For(delivery.Webhook.Format, delivery.Notification);
        var attempts = 0;
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                return await _http.PostAsync(delivery.Webhook.Url, content, token);
            }, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                _logger.LogInformation("Webhook {Webhook} took the {Change} of alert rule {Rule} after {Attempts} tries.",
                    WebhookAddress.Origin(delivery.Webhook.Url), delivery.Notification.Transition.Change, delivery.Notification.Rule.Name, attempts);
                return;
            }
            await GiveUpAsync(delivery, attempts, Why(response, null), stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            await GiveUpAsync(delivery, attempts, Why(null, e), stoppingToken);
        }
    }

    private async Task GiveUpAsync(Delivery delivery, int attempts, string why, CancellationToken cancellationToken)
    {
        var rule = delivery.Notification.Rule;
        var change = WebhookBodies.Name(delivery.Notification.Transition.Change);
        var url = WebhookAddress.Origin(delivery.Webhook.Url);
        _logger.LogError("The {Change} notification of alert rule {Rule} to {Webhook} was given up after {Attempts} tries: {Why}", change, rule.Name, url, attempts, why);
        var record = JsonSerializer.Serialize(new { webhook = url, change, at = delivery.Notification.Transition.At, attempts, error = why }, CapstanJson.Options);
        try
        {
            await _audit.AppendAuditAsync(new AuditEvent("alert.webhook.failed", rule.Name, rule.Model, null, record), Notifier, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "The failed notification of alert rule {Rule} could not be recorded in the audit trail.", rule.Name);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string Why(HttpResponseMessage? response, Exception? exception) => response is not null
        ? (int)response.StatusCode is >= 300 and < 400
            ? $"the receiver answered {(int)response.StatusCode} (a redirect, which is not followed)"
            : $"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}"
        : exception switch
        {
            TimeoutRejectedException => "no answer in time",
            HttpRequestException { InnerException: { } inner } e => $"{e.Message} ({inner.Message})",
            { } e => e.Message,
            null => "no answer",
        };

    /// <summary>Connects to the first address the host resolves to that webhooks may be posted to.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.FirstOrDefault(a => WebhookAddress.Forbidden(a) is null)
            ?? throw new HttpRequestException($"'{host}' resolves only to addresses webhooks may not be posted to ({string.Join(", ", addresses.Select(a => a.ToString()))}).");
        var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(allowed, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One notification waiting for one webhook.</summary>
    private sealed record Delivery(AlertWebhook Webhook, AlertNotification Notification);
}
