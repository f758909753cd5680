using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The contract for ground-truth labels: one per model and request id, the latest posted; a post is one transaction and one audit entry.</summary>
public abstract partial class RegistryStoreContract
{
    [Fact]
    public async Task AddFeedback_StoresNumbersBooleansAndClassNamesAndReadsThemBackByRequestId()
    {
        await PushAsync("fraud");
        Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth("one", Number(0.25))], Alice, Ct));
        Time.Advance(TimeSpan.FromSeconds(3));
        var receipt = Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth("two", LabelValue.Of(true)), Truth("three", Text("malignant")), Truth("four", Number(-7))], Alice, Ct));

        var found = Ok(await Store.GetFeedbackAsync(Name("fraud"), ["one", "three", "four", "never-labelled", "one"], Ct));

        Assert.Equal(new FeedbackReceipt("fraud", 3, 0, Start.AddSeconds(3)), receipt);
        Assert.Equal(
            [
                new ReceivedLabel("fraud", "four", Number(-7), Start.AddSeconds(3), "alice"),
                new ReceivedLabel("fraud", "one", Number(0.25), Start, "alice"),
                new ReceivedLabel("fraud", "three", Text("malignant"), Start.AddSeconds(3), "alice"),
            ],
            found.OrderBy(l => l.RequestId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddFeedback_PostedAgainForARequestIdReplacesTheOldLabelAndCountsTheReplacement()
    {
        await PushAsync("fraud");
        Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth("a", Number(1)), Truth("b", Number(1))], Alice, Ct));
        Time.Advance(TimeSpan.FromMinutes(1));

        var receipt = Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth("a", LabelValue.Of(false)), Truth("c", Number(1))], new Actor("bob"), Ct));

        Assert.Equal((2, 1), (receipt.Received, receipt.Replaced));
        var a = Assert.Single(Ok(await Store.GetFeedbackAsync(Name("fraud"), ["a"], Ct)));
        Assert.Equal(new ReceivedLabel("fraud", "a", LabelValue.Of(false), Start.AddMinutes(1), "bob"), a);
        Assert.Equal(3, Ok(await Store.GetFeedbackAsync(Name("fraud"), ["a", "b", "c"], Ct)).Count);
    }

    [Fact]
    public async Task AddFeedback_ABulkPostIsOneAuditEntryWithTheCountNotOnePerLabel()
    {
        await PushAsync("fraud");
        var labels = Enumerable.Range(0, 450).Select(i => Truth($"req-{i}", Number(i % 2))).ToList();
        Ok(await Store.AddFeedbackAsync(Name("fraud"), labels[..10], Alice, Ct));

        Ok(await Store.AddFeedbackAsync(Name("fraud"), labels, Alice, Ct));

        var audit = Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 10, null), Ct)).Items;
        Assert.Equal(["feedback.add", "feedback.add", "version.push"], audit.Select(e => e.Action));
        using var after = JsonDocument.Parse(audit[0].After!);
        Assert.Equal((450, 10), (after.RootElement.GetProperty("count").GetInt32(), after.RootElement.GetProperty("replaced").GetInt32()));
        Assert.Equal(("fraud", "fraud", Alice), (audit[0].Target, audit[0].Model, audit[0].Actor));
        var stored = Ok(await Store.GetFeedbackAsync(Name("fraud"), labels.Select(l => l.RequestId).ToList(), Ct));
        Assert.Equal(labels.ToDictionary(l => l.RequestId, l => l.Label), stored.ToDictionary(l => l.RequestId, l => l.Label));
    }

    [Fact]
    public async Task AddFeedback_RefusesABadPostWholeAndStoresNothing()
    {
        await PushAsync("fraud");
        var tooMany = Enumerable.Range(0, FeedbackLimits.MaxLabelsPerPost + 1).Select(i => Truth($"r{i}", Number(1))).ToList();

        Assert.Equal(Error.InvalidInput("The post has no labels."), Failed(await Store.AddFeedbackAsync(Name("fraud"), [], Alice, Ct)));
        Assert.Equal(
            Error.InvalidInput("labels[2]: the request id 'a' is also labels[0]; give each request id once in a post."),
            Failed(await Store.AddFeedbackAsync(Name("fraud"), [Truth("a", Number(1)), Truth("b", Number(1)), Truth("a", Number(0))], Alice, Ct)));
        Assert.Equal(
            Error.InvalidInput("labels[1]: The request id 'x\\u0000y' contains the control character \\u0000."),
            Failed(await Store.AddFeedbackAsync(Name("fraud"), [Truth("ok", Number(1)), Truth("x\0y", Number(1))], Alice, Ct)));
        Assert.Equal(
            Error.InvalidInput("The post has 10,001 labels; at most 10,000 are allowed in one post, so send them in parts."),
            Failed(await Store.AddFeedbackAsync(Name("fraud"), tooMany, Alice, Ct)));

        Assert.Empty(Ok(await Store.GetFeedbackAsync(Name("fraud"), ["a", "b", "ok", "r0"], Ct)));
        Assert.Equal(["version.push"], Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 10, null), Ct)).Items.Select(e => e.Action));
    }

    [Fact]
    public async Task Feedback_ForAMissingModelIsNotFoundAndModelsKeepTheirOwnLabels()
    {
        await PushAsync("fraud");
        await PushAsync("churn");
        Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth("same-id", Number(1))], Alice, Ct));
        Ok(await Store.AddFeedbackAsync(Name("churn"), [Truth("same-id", Number(0))], Alice, Ct));

        var missing = Error.NotFound("Model 'ghost' does not exist.");
        Assert.Equal(missing, Failed(await Store.AddFeedbackAsync(Name("ghost"), [Truth("a", Number(1))], Alice, Ct)));
        Assert.Equal(missing, Failed(await Store.GetFeedbackAsync(Name("ghost"), ["a"], Ct)));
        Assert.Equal(missing, Failed(await Store.ListFeedbackAsync(Name("ghost"), Start, Start.AddDays(1), 10, Ct)));
        Assert.Equal(Number(1), Assert.Single(Ok(await Store.GetFeedbackAsync(Name("fraud"), ["same-id"], Ct))).Label);
        Assert.Equal(Number(0), Assert.Single(Ok(await Store.GetFeedbackAsync(Name("churn"), ["same-id"], Ct))).Label);
    }

    [Fact]
    public async Task ListFeedback_GivesTheLabelsReceivedInTheRangeOldestFirstUpToTheLimit()
    {
        await PushAsync("fraud");
        foreach (var id in new[] { "t0-b", "t0-a" })
            Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth(id, Number(1))], Alice, Ct));
        Time.Advance(TimeSpan.FromHours(1));
        Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth("t1", Number(1))], Alice, Ct));
        Time.Advance(TimeSpan.FromHours(1));
        Ok(await Store.AddFeedbackAsync(Name("fraud"), [Truth("t2", Number(1)), Truth("t0-b", Number(0))], Alice, Ct));

        var all = Ok(await Store.ListFeedbackAsync(Name("fraud"), Start, Start.AddDays(1), 100, Ct));
        var firstHour = Ok(await Store.ListFeedbackAsync(Name("fraud"), Start, Start.AddHours(1), 100, Ct));
        var limited = Ok(await Store.ListFeedbackAsync(Name("fraud"), Start.AddHours(1), Start.AddDays(1), 2, Ct));
        var open = Ok(await Store.ListFeedbackAsync(Name("fraud"), Start.AddHours(2), DateTimeOffset.MaxValue, 100, Ct));

        Assert.Equal(["t0-a", "t1", "t0-b", "t2"], all.Select(l => l.RequestId));
        Assert.Equal(["t0-a"], firstHour.Select(l => l.RequestId));
        Assert.Equal(["t1", "t0-b"], limited.Select(l => l.RequestId));
        Assert.Equal(["t0-b", "t2"], open.Select(l => l.RequestId));
        Assert.Equal(Error.InvalidInput("The limit 0 is below 1."), Failed(await Store.ListFeedbackAsync(Name("fraud"), Start, Start.AddDays(1), 0, Ct)));
    }

    [Fact]
    public async Task AddFeedback_ConcurrentPostsOfTheSameRequestIdsKeepOneLabelEachAndAllSucceed()
    {
        await PushAsync("fraud");
        var ids = Enumerable.Range(0, 50).Select(i => $"req-{i}").ToList();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(post => Task.Run(async () =>
            Ok(await Store.AddFeedbackAsync(Name("fraud"), ids.Select(id => Truth(id, Number(post))).ToList(), Alice, Ct)))));

        Assert.Equal(7 * 50, receipts.Sum(r => r.Replaced));
        var stored = Ok(await Store.GetFeedbackAsync(Name("fraud"), ids, Ct));
        Assert.Equal(50, stored.Count);
        Assert.Single(stored.Select(l => l.Label).Distinct());
    }

    private static GroundTruth Truth(string requestId, LabelValue label) => new(requestId, label);

    private static LabelValue Number(double value) => LabelValue.Of(value).Value;

    private static LabelValue Text(string value) => LabelValue.Of(value).Value;
}
