using System.Globalization;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Client.Http;

namespace Capstan.Client;

/// <summary>The alert rule operations of the client.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Creates the alert rule <paramref name="name"/>, or replaces it keeping its state and history.</summary>
    /// <param name="name">The rule's name, with the character rules of model names.</param>
    /// <param name="request">The model, signal, condition, window, for-duration and webhooks.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<AlertRule>> SetAlertRuleAsync(string name, AlertRuleRequest request, CancellationToken cancellationToken = default) =>
        AlertRulePath(name).ThenAsync(path => SendAsync<AlertRule>(HttpMethod.Put, path, Json(request), cancellationToken));

    /// <summary>Gets one alert rule.</summary>
    public Task<Result<AlertRule>> GetAlertRuleAsync(string name, CancellationToken cancellationToken = default) =>
        AlertRulePath(name).ThenAsync(path => SendAsync<AlertRule>(HttpMethod.Get, path, null, cancellationToken));

    /// <summary>Lists every alert rule the caller may see, by name.</summary>
    public Task<Result<IReadOnlyList<AlertRule>>> ListAlertRulesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<AlertRule>>(HttpMethod.Get, $"{Api}/alerts/rules", null, cancellationToken);

    /// <summary>Deletes an alert rule with its state and history, returning it as it was.</summary>
    public Task<Result<AlertRule>> DeleteAlertRuleAsync(string name, CancellationToken cancellationToken = default) =>
        AlertRulePath(name).ThenAsync(path => SendAsync<AlertRule>(HttpMethod.Delete, path, null, cancellationToken));

    /// <summary>Lists every alert rule the caller may see with its state: inactive, pending or firing, since when, and the last value.</summary>
    public Task<Result<IReadOnlyList<Alert>>> ListAlertsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<Alert>>(HttpMethod.Get, $"{Api}/alerts", null, cancellationToken);

    /// <summary>Lists an alert rule's latest transitions, newest first.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="limit">The most transitions to list, 1 to 1,000; the server's default (100) when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<IReadOnlyList<AlertTransition>>> GetAlertHistoryAsync(string name, int? limit = null, CancellationToken cancellationToken = default) =>
        NameRules.Check(name, "alert rule name").ThenAsync(n => SendAsync<IReadOnlyList<AlertTransition>>(HttpMethod.Get,
            $"{Api}/alerts/{Uri.EscapeDataString(n)}/history{Query(("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", null, cancellationToken));

    private static Result<string> AlertRulePath(string name) =>
        NameRules.Check(name, "alert rule name").Map(n => $"{Api}/alerts/rules/{Uri.EscapeDataString(n)}");
}
