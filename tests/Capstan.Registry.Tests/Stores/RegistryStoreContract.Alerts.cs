using System.Text.Json;
using Capstan.Core.Alerts;
using Capstan.Core.Errors;
using Capstan.Core.Serialization;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The contract for alert rules: audited rule writes that keep state and history, state saved only over the revision the saver read, history newest first.</summary>
public abstract partial class RegistryStoreContract
{
    private static readonly AlertWebhook[] Hooks = [new AlertWebhook("https://hooks.example.com/T1/B2", AlertWebhook.Slack)];

    protected static AlertRule ErrorRule(string name = "fraud-errors", string model = "fraud") => new(
        name, model, "error_rate", AlertComparison.Above, 0.05, 300, 60, "critical", "Errors are up.", Hooks, DateTimeOffset.MinValue, "");

    [Fact]
    public async Task SetAlertRule_CreatesAnInactiveRuleAtRevisionOneAndAuditsIt()
    {
        await PushAsync("fraud");
        Time.Advance(TimeSpan.FromTicks(1_234_567));

        var saved = Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));

        Assert.Equal(ErrorRule() with { UpdatedAt = Start.AddTicks(1_234_560), UpdatedBy = "alice" }, saved);
        var alert = Ok(await Store.GetAlertAsync("fraud-errors", Ct));
        Assert.Equivalent(saved, alert.Rule, strict: true);
        Assert.Equal(AlertStatus.New, alert.Status);
        var entry = Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 1, null), Ct)).Items[0];
        Assert.Equal(("alert.rule.set", "fraud-errors", "fraud", null), (entry.Action, entry.Target, entry.Model, entry.Before));
        Assert.Equal("error_rate", JsonDocument.Parse(entry.After!).RootElement.GetProperty("signal").GetString());
    }

    [Fact]
    public async Task SetAlertRule_ReplacesTheRuleKeepingStateAndHistoryAndRaisesTheRevision()
    {
        await PushAsync("fraud");
        await PushAsync("churn");
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        var firing = new AlertStatus(AlertState.Firing, Start, 0.2, Start, null, 2);
        Ok(await Store.SaveAlertStatusAsync("fraud-errors", 1, firing, new AlertTransition("fraud-errors", AlertChange.Firing, Start, 0.2), Ct));

        var replaced = Ok(await Store.SetAlertRuleAsync(ErrorRule() with { Model = "churn", Threshold = 0.5 }, new Core.Security.Actor("bob"), Ct));

        var alert = Ok(await Store.GetAlertAsync("fraud-errors", Ct));
        Assert.Equal(("churn", 0.5, "bob"), (alert.Rule.Model, alert.Rule.Threshold, alert.Rule.UpdatedBy));
        Assert.Equal(firing with { Revision = 3 }, alert.Status);
        Assert.Single(Ok(await Store.GetAlertHistoryAsync("fraud-errors", 10, Ct)));
        var entry = Ok(await Store.ListAuditAsync(new AuditQuery(Name("churn"), null, 1, null), Ct)).Items[0];
        Assert.Equal(("alert.rule.set", 0.05, 0.5), (entry.Action, Threshold(entry.Before), Threshold(entry.After)));
        Assert.Equal(replaced, alert.Rule with { Webhooks = replaced.Webhooks });
    }

    [Fact]
    public async Task SetAlertRule_OnAModelThatDoesNotExistFailsWithNotFoundAndWritesNothing()
    {
        var failed = Failed(await Store.SetAlertRuleAsync(ErrorRule(model: "ghost"), Alice, Ct));

        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), failed);
        Assert.Empty(await Store.ListAlertsAsync(Ct));
        Assert.Empty(Ok(await Store.ListAuditAsync(new AuditQuery(null, null, 10, null), Ct)).Items);
    }

    [Fact]
    public async Task SaveAlertStatus_StoresTheStateAndAppendsTheTransition()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        var at = Start.AddTicks(9_876_543);

        var pending = Ok(await Store.SaveAlertStatusAsync(
            "fraud-errors", 1, new AlertStatus(AlertState.Pending, at, 0.07, at, null, 99), new AlertTransition("fraud-errors", AlertChange.Pending, at, 0.07), Ct));
        var noted = Ok(await Store.SaveAlertStatusAsync("fraud-errors", 2, pending with { EvaluatedAt = at.AddSeconds(30), Note = "no data" }, null, Ct));

        var stored = Start.AddTicks(9_876_540);
        Assert.Equal(new AlertStatus(AlertState.Pending, stored, 0.07, stored, null, 2), pending);
        Assert.Equal(new AlertStatus(AlertState.Pending, stored, 0.07, stored.AddSeconds(30), "no data", 3), noted);
        Assert.Equal(noted, Ok(await Store.GetAlertAsync("fraud-errors", Ct)).Status);
        Assert.Equal([new AlertTransition("fraud-errors", AlertChange.Pending, stored, 0.07)], Ok(await Store.GetAlertHistoryAsync("fraud-errors", 10, Ct)));
    }

    [Fact]
    public async Task SaveAlertStatus_OverAnotherRevisionIsAConflictAndChangesNothing()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        var firing = new AlertStatus(AlertState.Firing, Start, 0.2, Start, null, 0);
        Ok(await Store.SaveAlertStatusAsync("fraud-errors", 1, firing, new AlertTransition("fraud-errors", AlertChange.Firing, Start, 0.2), Ct));

        var stale = await Store.SaveAlertStatusAsync(
            "fraud-errors", 1, firing with { State = AlertState.Inactive }, new AlertTransition("fraud-errors", AlertChange.Resolved, Start, 0.01), Ct);

        Assert.Equal(
            Error.Conflict("The alert rule 'fraud-errors' is at revision 2, not 1; it changed meanwhile, so evaluate it again."), Failed(stale));
        Assert.Equal(AlertState.Firing, Ok(await Store.GetAlertAsync("fraud-errors", Ct)).Status.State);
        Assert.Equal([AlertChange.Firing], Ok(await Store.GetAlertHistoryAsync("fraud-errors", 10, Ct)).Select(t => t.Change));
    }

    [Fact]
    public async Task SaveAlertStatus_LetsExactlyOneOfManyConcurrentSaversOfOneRevisionWin()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));

        var saves = await SaveConcurrentlyAsync(Store, 16);

        Assert.Single(saves, s => s.IsSuccess);
        Assert.All(saves.Where(s => !s.IsSuccess), s => Assert.Equal(ErrorCode.Conflict, s.Error.Code));
        Assert.Single(Ok(await Store.GetAlertHistoryAsync("fraud-errors", 100, Ct)));
    }

    [Fact]
    public async Task SaveAlertStatus_OfARuleThatIsGoneFailsWithNotFound()
    {
        Assert.Equal(
            Error.NotFound("There is no alert rule 'ghost'."),
            Failed(await Store.SaveAlertStatusAsync("ghost", 1, AlertStatus.New, null, Ct)));
    }

    [Fact]
    public async Task GetAlertHistory_ListsTheLatestTransitionsNewestFirst()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        AlertChange[] changes = [AlertChange.Pending, AlertChange.Firing, AlertChange.Resolved, AlertChange.Pending, AlertChange.Cancelled];
        for (var i = 0; i < changes.Length; i++)
            Ok(await Store.SaveAlertStatusAsync("fraud-errors", i + 1, AlertStatus.New, new AlertTransition("fraud-errors", changes[i], Start.AddMinutes(i), i), Ct));

        var latest = Ok(await Store.GetAlertHistoryAsync("fraud-errors", 3, Ct));

        Assert.Equal([AlertChange.Cancelled, AlertChange.Pending, AlertChange.Resolved], latest.Select(t => t.Change));
        Assert.Equal([4.0, 3.0, 2.0], latest.Select(t => t.Value));
        Assert.Equal(Start.AddMinutes(4), latest[0].At);
        Assert.Equal(Error.NotFound("There is no alert rule 'ghost'."), Failed(await Store.GetAlertHistoryAsync("ghost", 3, Ct)));
    }

    [Fact]
    public async Task DeleteAlertRule_RemovesTheRuleItsStateAndHistoryAndAuditsIt()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        Ok(await Store.SaveAlertStatusAsync("fraud-errors", 1, AlertStatus.New, new AlertTransition("fraud-errors", AlertChange.Pending, Start, 1), Ct));

        var deleted = Ok(await Store.DeleteAlertRuleAsync("fraud-errors", Alice, Ct));

        Assert.Equal("fraud-errors", deleted.Name);
        Assert.Equal(Error.NotFound("There is no alert rule 'fraud-errors'."), Failed(await Store.GetAlertAsync("fraud-errors", Ct)));
        Assert.Equal(Error.NotFound("There is no alert rule 'fraud-errors'."), Failed(await Store.DeleteAlertRuleAsync("fraud-errors", Alice, Ct)));
        var entry = Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 1, null), Ct)).Items[0];
        Assert.Equal(("alert.rule.delete", "fraud-errors", null), (entry.Action, entry.Target, entry.After));
        Ok(await Store.SetAlertRuleAsync(ErrorRule(), Alice, Ct));
        Assert.Empty(Ok(await Store.GetAlertHistoryAsync("fraud-errors", 10, Ct)));
        Assert.Equal(AlertStatus.New, Ok(await Store.GetAlertAsync("fraud-errors", Ct)).Status);
    }

    [Fact]
    public async Task ListAlerts_ListsEveryRuleWithItsStateByName()
    {
        await PushAsync("fraud");
        foreach (var name in new[] { "b-rule", "a-rule", "c-rule" })
            Ok(await Store.SetAlertRuleAsync(ErrorRule(name), Alice, Ct));
        Ok(await Store.SaveAlertStatusAsync("b-rule", 1, new AlertStatus(AlertState.Firing, Start, 1, Start, null, 0), null, Ct));

        var alerts = await Store.ListAlertsAsync(Ct);

        Assert.Equal(["a-rule", "b-rule", "c-rule"], alerts.Select(a => a.Rule.Name));
        Assert.Equal([AlertState.Inactive, AlertState.Firing, AlertState.Inactive], alerts.Select(a => a.Status.State));
    }

    protected static async Task<IReadOnlyList<Result<AlertStatus>>> SaveConcurrentlyAsync(IRegistryStore store, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => store.SaveAlertStatusAsync(
            "fraud-errors", 1, new AlertStatus(AlertState.Firing, Start, i, Start, null, 0), new AlertTransition("fraud-errors", AlertChange.Firing, Start, i), Ct))));

    private static double Threshold(string? json) => JsonSerializer.Deserialize<AlertRule>(json!, CapstanJson.Options)!.Threshold;
}
