using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Registry.Stores;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Server.Tests.Feedback;

/// <summary>POST /api/v1/models/{name}/feedback on a real server: one label or many, reposts replacing, and every bad post refused whole with the reason.</summary>
public sealed class FeedbackApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    private IRegistryStore Store => _server.Services.GetRequiredService<IRegistryStore>();

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_StoresOneLabelOrABatch_AndAReplacementIsCounted()
    {
        var one = await (await PostAsync("""{"request_id": "r1", "label": true}""")).ReadOkAsync<FeedbackReceipt>();
        var batch = await (await PostAsync("""{"labels": [{"request_id": "r1", "label": 0}, {"request_id": "r2", "label": "malignant"}, {"request_id": "r3", "label": 12.5}]}""")).ReadOkAsync<FeedbackReceipt>();

        Assert.Equal(("bc", 1, 0), (one.Model, one.Received, one.Replaced));
        Assert.Equal(("bc", 3, 1), (batch.Model, batch.Received, batch.Replaced));
        var stored = (await Store.GetFeedbackAsync(ModelName.Parse("bc").Value, ["r1", "r2", "r3"], TestContext.Current.CancellationToken)).Value
            .ToDictionary(l => l.RequestId, l => l.Label);
        Assert.Equal(LabelValue.Of(0).Value, stored["r1"]);
        Assert.Equal(LabelValue.Of("malignant").Value, stored["r2"]);
        Assert.Equal(LabelValue.Of(12.5).Value, stored["r3"]);
        Assert.Equal(2, await FeedbackAuditEntriesAsync());
    }

    public static TheoryData<string, string> BadPosts => new()
    {
        { "[]", "The request body must be a JSON object with 'request_id' and 'label', or with 'labels', an array of such objects, not an array." },
        { """{"label": 1}""", "'request_id' is missing." },
        { """{"request_id": "a"}""", "'label' is missing." },
        { """{"request_id": 5, "label": 1}""", "'request_id' must be a string, not a number." },
        { """{"request_id": "", "label": 1}""", "The request id is empty." },
        { """{"request_id": "a\u0007b", "label": 1}""", "The request id 'a\\u0007b' contains the control character \\u0007." },
        { $$"""{"request_id": "{{new string('r', 257)}}", "label": 1}""", "The request id is 257 characters long; at most 256 are allowed." },
        { """{"request_id": "a", "label": null}""", "The label is null; it must be a number (a regression target or a class index), a boolean or a class name." },
        { """{"request_id": "a", "label": {"class": 1}}""", "The label is an object; it must be a number (a regression target or a class index), a boolean or a class name." },
        { """{"request_id": "a", "label": 1e400}""", "The label 1e400 is not a finite number." },
        { $$"""{"request_id": "a", "label": "{{new string('c', 257)}}"}""", "The class name is 257 characters long; at most 256 are allowed." },
        { """{"request_id": "a", "label": 1, "weight": 2}""", "The field 'weight' is not known; a label has only 'request_id' and 'label'." },
        { """{"request_id": "a", "request_id": "b", "label": 1}""", "'request_id' is given twice." },
        { """{"labels": {}}""", "'labels' must be an array, not an object." },
        { """{"labels": [], "request_id": "a"}""", "A post with 'labels' has no other fields; put each request id and label inside 'labels'." },
        { """{"labels": []}""", "The post has no labels." },
        { """{"labels": [{"request_id": "a", "label": 1}, 7]}""", "labels[1]: A label must be an object with 'request_id' and 'label', not a number." },
        { """{"labels": [{"request_id": "a", "label": 1}, {"request_id": "b"}]}""", "labels[1]: 'label' is missing." },
        { """{"labels": [{"request_id": "a", "label": 1}, {"request_id": "b", "label": 0}, {"request_id": "a", "label": 0}]}""", "labels[2]: the request id 'a' is also labels[0]; give each request id once in a post." },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task Post_RefusesABadPostWithItsReasonAndStoresNothing(string body, string reason)
    {
        using var response = await PostAsync(body);

        Assert.Equal(reason, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Post_RefusesMoreLabelsThanOnePostTakes()
    {
        var labels = string.Join(",", Enumerable.Range(0, FeedbackLimits.MaxLabelsPerPost + 1).Select(i => $$"""{"request_id":"r{{i}}","label":1}"""));

        using var response = await PostAsync($$"""{"labels":[{{labels}}]}""");

        Assert.Equal("The post has 10,001 labels; at most 10,000 are allowed in one post, so send them in parts.", await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Post_RefusesJsonThatIsBrokenOrTooDeep()
    {
        using var broken = await PostAsync("""{"request_id": "a", "label": """);
        using var deep = await PostAsync("""{"labels": [{"request_id": "a", "label": [[[1]]]}]}""");

        Assert.StartsWith("The request body is not valid JSON: ", await broken.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        Assert.Contains("depth", await deep.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Post_RefusesABodyThatIsNotJsonOrOverTheLimit()
    {
        using var text = await _server.Http.PostAsync("/api/v1/models/bc/feedback", new StringContent("""{"request_id": "a", "label": 1}""", Encoding.UTF8, "text/plain"));
        var padding = new string(' ', 1024 * 1024);
        // Expect: 100-continue holds the body back until the server asks for it: refused on its length, it is never
        // sent, where otherwise the server could close the connection while the client still wrote it (broken pipe).
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models/bc/feedback") { Content = Json($$"""{"request_id": "a", "label": 1{{padding}}}""") };
        hugeRequest.Headers.ExpectContinue = true;
        using var huge = await _server.Http.SendAsync(hugeRequest);

        Assert.Contains("application/json", await text.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "InvalidInput"));
        Assert.Contains("1,048,576 bytes", await huge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "TooLarge"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Post_ForAnUnknownModelIsNotFoundAndForABadNameIsInvalid()
    {
        using var unknown = await _server.Http.PostAsync("/api/v1/models/ghost/feedback", Json("""{"request_id": "a", "label": 1}"""));
        using var badName = await _server.Http.PostAsync("/api/v1/models/.hidden/feedback", Json("""{"request_id": "a", "label": 1}"""));

        Assert.Equal("Model 'ghost' does not exist.", await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"));
        Assert.Contains("model name", await badName.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
    }

    private Task<HttpResponseMessage> PostAsync(string body) => _server.Http.PostAsync("/api/v1/models/bc/feedback", Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task AssertNothingStoredAsync()
    {
        var stored = await Store.ListFeedbackAsync(ModelName.Parse("bc").Value, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, TestContext.Current.CancellationToken);
        Assert.Empty(stored.Value);
        Assert.Equal(0, await FeedbackAuditEntriesAsync());
    }

    private async Task<int> FeedbackAuditEntriesAsync() =>
        (await Store.ListAuditAsync(new AuditQuery(ModelName.Parse("bc").Value, null, 100, null), TestContext.Current.CancellationToken)).Value.Items
        .Count(e => e.Action == "feedback.add");
}
