using System.Text.Json;
using Capstan.Core.Alerts;
using Capstan.Core.Registry;
using Capstan.Core.Serialization;
using Capstan.Monitoring.Alerts;
using Capstan.Registry.Stores;
using Capstan.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using static Capstan.Monitoring.Tests.Alerts.AlertFixtures;

namespace Capstan.Monitoring.Tests.Alerts;

/// <summary>Webhook delivery to a real HTTP receiver on loopback: retries with backoff, the JSON and Slack bodies, giving up and recording it.</summary>
public sealed class WebhookNotifierTests : IAsyncLifetime
{
    private readonly InMemoryRegistryStore _audit = new(TimeProvider.System);

    /// <summary>Ends a wait for a post or a record that never comes, so a broken notifier fails the test rather than hanging it.</summary>
    private readonly CancellationTokenSource _patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
    private WebhookNotifier _notifier = null!;

    public async ValueTask InitializeAsync()
    {
        var options = new AlertOptions
        {
            WebhookAttempts = 3,
            WebhookBaseDelay = TimeSpan.FromMilliseconds(10),
            WebhookMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        _patience.CancelAfter(TimeSpan.FromMinutes(2));
        _notifier = new WebhookNotifier(options, _audit, TimeProvider.System, NullLogger<WebhookNotifier>.Instance);
        await _notifier.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _notifier.StopAsync(CancellationToken.None);
        _notifier.Dispose();
        _patience.Dispose();
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedUntilItTakesTheJsonBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt <= 2 ? 503 : 200);

        await _notifier.OnTransitionAsync(Firing(new AlertWebhook(receiver.Url.AbsoluteUri)), Ct);
        var posts = new[] { await receiver.NextAsync(_patience.Token), await receiver.NextAsync(_patience.Token), await receiver.NextAsync(_patience.Token) };

        Assert.Equal([503, 503, 200], posts.Select(p => p.Answered));
        Assert.All(posts, p => Assert.Equal(posts[0].Body, p.Body));
        Assert.Equal("/hooks/T0001/B0002?token=secret", posts[0].PathAndQuery);
        Assert.StartsWith("application/json", posts[0].ContentType);
        var body = JsonSerializer.Deserialize<WebhookBody>(posts[0].Body, CapstanJson.Options)!;
        Assert.Equal(
            new WebhookBody("bc-errors", "bc", "error_rate", "firing", 0.12, ">", 0.05, Start, Start.AddMinutes(5), "critical", "Errors <b> & co."),
            body);
        Assert.Equal(
            ["rule", "model", "signal", "state", "value", "comparison", "threshold", "since", "at", "severity", "description"],
            JsonDocument.Parse(posts[0].Body).RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task SlackWebhook_GetsATextBodyWithSlacksEscapes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        await _notifier.OnTransitionAsync(Firing(new AlertWebhook(receiver.Url.AbsoluteUri, AlertWebhook.Slack)), Ct);
        await _notifier.OnTransitionAsync(Resolved(new AlertWebhook(receiver.Url.AbsoluteUri, AlertWebhook.Slack)), Ct);
        var bodies = new[] { (await receiver.NextAsync(_patience.Token)).Body, (await receiver.NextAsync(_patience.Token)).Body }
            .Select(b => JsonDocument.Parse(b).RootElement).OrderBy(b => b.GetProperty("text").GetString()).ToList();

        Assert.All(bodies, b => Assert.Equal(["text"], b.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(
            "[FIRING] bc-errors (critical) on model bc: error_rate is 0.12, &gt; 0.05 since 2025-03-14 15:00:00 UTC\nErrors &lt;b&gt; &amp; co.",
            bodies[0].GetProperty("text").GetString());
        Assert.Equal(
            "[RESOLVED] bc-errors (critical) on model bc: error_rate is 0.01, no longer &gt; 0.05 (firing since 2025-03-14 15:05:00 UTC)\nErrors &lt;b&gt; &amp; co.",
            bodies[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ReceiverThatKeepsFailing_IsGivenUpAfterTheLastAttemptAndRecorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 500);

        await _notifier.OnTransitionAsync(Firing(new AlertWebhook(receiver.Url.AbsoluteUri)), Ct);
        var failure = await FailureAsync();

        Assert.Equal(3, receiver.Count);
        Assert.Equal(("alert.webhook.failed", "bc-errors", "bc", "alert-notifier"), (failure.Action, failure.Target, failure.Model, failure.Actor.Name));
        var record = JsonDocument.Parse(failure.After!).RootElement;
        Assert.Equal(($"http://127.0.0.1:{receiver.Url.Port}/...", "firing", 3), (record.GetProperty("webhook").GetString(), record.GetProperty("change").GetString(), record.GetProperty("attempts").GetInt32()));
        Assert.Equal("the receiver answered 500 Internal Server Error", record.GetProperty("error").GetString());
        Assert.DoesNotContain("secret", failure.After);
    }

    [Fact]
    public async Task ReceiverThatRefusesTheRequest_IsNotRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 404);

        await _notifier.OnTransitionAsync(Firing(new AlertWebhook(receiver.Url.AbsoluteUri)), Ct);
        var failure = await FailureAsync();

        Assert.Equal(1, receiver.Count);
        Assert.Equal(1, JsonDocument.Parse(failure.After!).RootElement.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task ReceiverThatIsNotListening_IsRetriedThenRecorded()
    {
        var closed = $"http://127.0.0.1:{FreePorts.Next()}/hook";

        await _notifier.OnTransitionAsync(Firing(new AlertWebhook(closed)), Ct);
        var failure = await FailureAsync();

        var record = JsonDocument.Parse(failure.After!).RootElement;
        Assert.Equal(3, record.GetProperty("attempts").GetInt32());
        Assert.Contains("refused", record.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PendingAndCancelledTransitions_NotifyNobody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = new AlertWebhook(receiver.Url.AbsoluteUri);
        var rule = Rule(60, webhook);
        var pending = new AlertStatus(AlertState.Pending, Start, 0.1, Start, null, 2);

        await _notifier.OnTransitionAsync(new AlertNotification(rule, new AlertTransition(rule.Name, AlertChange.Pending, Start, 0.1), AlertStatus.New, pending), Ct);
        await _notifier.OnTransitionAsync(Firing(webhook), Ct);

        Assert.Equal("firing", JsonDocument.Parse((await receiver.NextAsync(_patience.Token)).Body).RootElement.GetProperty("state").GetString());
        Assert.Equal(1, receiver.Count);
    }

    private static AlertNotification Firing(AlertWebhook webhook)
    {
        var rule = Rule(300, webhook);
        var at = Start.AddMinutes(5);
        return new AlertNotification(
            rule, new AlertTransition(rule.Name, AlertChange.Firing, at, 0.12), new AlertStatus(AlertState.Pending, Start, 0.1, Start, null, 5),
            new AlertStatus(AlertState.Firing, at, 0.12, at, null, 6));
    }

    private static AlertNotification Resolved(AlertWebhook webhook)
    {
        var rule = Rule(300, webhook);
        var firedAt = Start.AddMinutes(5);
        var at = Start.AddMinutes(9);
        return new AlertNotification(
            rule, new AlertTransition(rule.Name, AlertChange.Resolved, at, 0.01), new AlertStatus(AlertState.Firing, firedAt, 0.2, firedAt, null, 7),
            new AlertStatus(AlertState.Inactive, at, 0.01, at, null, 8));
    }

    /// <summary>Waits until the notifier has recorded a failed delivery, and returns it.</summary>
    private async Task<Core.Security.AuditEntry> FailureAsync()
    {
        while (true)
        {
            var entries = (await _audit.ListAuditAsync(new AuditQuery(null, null, 10, null), Ct)).Value.Items;
            if (entries.Count > 0)
                return Assert.Single(entries);
            await Task.Delay(10, _patience.Token);
        }
    }
}
