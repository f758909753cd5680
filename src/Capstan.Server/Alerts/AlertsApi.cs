using System.Security.Claims;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Monitoring.Alerts;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Alerts;

/// <summary>The control-plane routes of alert rules: create, replace, read and delete them, list every rule with its state, and read a rule's history.</summary>
/// <remarks>
/// Rules are addressed by <c>{rule}</c>, not <c>{name}</c>, because a rule's name is not a model's: a key narrowed to
/// models may touch only the rules of its models, checked here against the rule's model, and sees only those listed.
/// Webhook addresses often hold the receiver's secret (a Slack webhook's path is its token), so a caller who may only
/// read sees each cut to its origin; callers who may write rules see them whole.
/// </remarks>
public static class AlertsApi
{
    /// <summary>Maps <c>/api/v1/alerts</c>, <c>/api/v1/alerts/rules</c> and <c>/api/v1/alerts/{rule}/history</c>.</summary>
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/alerts").WithTags("Alerts");
        api.MapGet("/", ListAlerts).RequireAuthorization(CapstanPolicies.Read);
        api.MapGet("/rules", ListRules).RequireAuthorization(CapstanPolicies.Read);
        api.MapGet("/rules/{rule}", GetRule).RequireAuthorization(CapstanPolicies.Read);
        api.MapPut("/rules/{rule}", SetRule).RequireAuthorization(CapstanPolicies.Write);
        api.MapDelete("/rules/{rule}", DeleteRule).RequireAuthorization(CapstanPolicies.Write);
        api.MapGet("/{rule}/history", GetHistory).RequireAuthorization(CapstanPolicies.Read);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Alert>>> ListAlerts(AlertService alerts, AuthOptions auth, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<Alert>>(
            [.. ModelGrants.Filter(context.User, await alerts.ListAsync(cancellationToken), a => a.Rule.Model).Select(a => a with { Rule = Shown(auth, context.User, a.Rule) })]);

    private static async Task<Ok<IReadOnlyList<AlertRule>>> ListRules(AlertService alerts, AuthOptions auth, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<AlertRule>>(
            [.. ModelGrants.Filter(context.User, await alerts.ListAsync(cancellationToken), a => a.Rule.Model).Select(a => Shown(auth, context.User, a.Rule))]);

    private static async Task<Results<Ok<AlertRule>, ProblemHttpResult>> GetRule(
        AlertService alerts, AuthOptions auth, HttpContext context, string rule, CancellationToken cancellationToken) =>
        Problem.Ok((await GrantedAsync(alerts, context, rule, cancellationToken)).Map(a => Shown(auth, context.User, a.Rule)));

    private static async Task<Results<Ok<AlertRule>, ProblemHttpResult>> SetRule(
        AlertService alerts, HttpContext context, string rule, AlertRuleRequest? request, CancellationToken cancellationToken)
    {
        if (request?.Model is { } model && ModelGrants.Granted(context.User, model, true) is { IsSuccess: false } refused)
            return Problem.From(refused.Error);
        if ((await alerts.GetAsync(rule, cancellationToken)).TryGetValue(out var existing, out _)
            && ModelGrants.Granted(context.User, existing.Rule.Model, true) is { IsSuccess: false } replacing)
            return Problem.From(replacing.Error);
        return Problem.Ok(await alerts.SetRuleAsync(rule, request, RequestActor.Of(context), cancellationToken));
    }

    private static async Task<Results<Ok<AlertRule>, ProblemHttpResult>> DeleteRule(
        AlertService alerts, HttpContext context, string rule, CancellationToken cancellationToken)
    {
        if (!(await GrantedAsync(alerts, context, rule, cancellationToken)).TryGetValue(out _, out var error))
            return Problem.From(error);
        return Problem.Ok(await alerts.DeleteRuleAsync(rule, RequestActor.Of(context), cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertTransition>>, ProblemHttpResult>> GetHistory(
        AlertService alerts, HttpContext context, string rule, int? limit, CancellationToken cancellationToken)
    {
        if (!(await GrantedAsync(alerts, context, rule, cancellationToken)).TryGetValue(out _, out var error))
            return Problem.From(error);
        return Problem.Ok(await alerts.GetHistoryAsync(rule, limit, cancellationToken));
    }

    /// <summary>The rule with its state, or Forbidden when the caller holds no grant on its model.</summary>
    private static async Task<Result<Alert>> GrantedAsync(AlertService alerts, HttpContext context, string rule, CancellationToken cancellationToken) =>
        (await alerts.GetAsync(rule, cancellationToken)).Then(a => ModelGrants.Granted(context.User, a.Rule.Model, a));

    /// <summary>The rule as <paramref name="caller"/> may see it: whole for a writer (or with authentication off), its webhooks cut to their origins otherwise.</summary>
    private static AlertRule Shown(AuthOptions auth, ClaimsPrincipal caller, AlertRule rule) =>
        auth.Disabled || (CallerPrincipal.PermissionsOf(caller) & Permission.Write) != Permission.None
            ? rule
            : rule with { Webhooks = [.. rule.Webhooks.Select(w => w with { Url = WebhookAddress.Origin(w.Url) })] };
}
