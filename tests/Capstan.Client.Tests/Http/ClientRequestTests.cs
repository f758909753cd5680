using System.Net;
using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Registry;

namespace Capstan.Client.Tests.Http;

/// <summary>What the client sends, and what it refuses to send, with canned responses instead of a server.</summary>
public sealed class ClientRequestTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("fraud@champion", "/api/v1/versions/fraud%40champion")]
    [InlineData("fraud:12", "/api/v1/versions/fraud%3A12")]
    [InlineData("fraud", "/api/v1/versions/fraud")]
    public async Task References_AreEscapedIntoThePath(string reference, string path)
    {
        var handler = StubHandler.Answering(HttpStatusCode.NotFound, "");

        await handler.Client().GetVersionAsync(reference, Cancellation);

        Assert.Equal(path, Assert.Single(handler.Requests).RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task ABaseAddressWithAPath_KeepsThePath()
    {
        var handler = StubHandler.Answering(HttpStatusCode.NotFound, "");
        using var client = new CapstanClient(new HttpClient(handler), new Uri("http://capstan.test/registry"));

        await client.GetModelAsync("fraud", Cancellation);

        Assert.Equal("/registry/api/v1/models/fraud", Assert.Single(handler.Requests).RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task User_IsSentAsXCapstanUser()
    {
        var handler = StubHandler.Answering(HttpStatusCode.NotFound, "");
        using var client = new CapstanClient(new HttpClient(handler), new Uri("http://capstan.test")) { User = "alice" };

        await client.GetModelAsync("fraud", Cancellation);

        Assert.Equal(["alice"], Assert.Single(handler.Requests).Headers.GetValues("X-Capstan-User"));
    }

    [Fact]
    public async Task User_WithCharactersOutsidePrintableAscii_IsNotSent()
    {
        var handler = StubHandler.Answering(HttpStatusCode.NotFound, "");
        using var client = new CapstanClient(new HttpClient(handler), new Uri("http://capstan.test")) { User = "zoë" };

        await client.GetModelAsync("fraud", Cancellation);

        Assert.False(Assert.Single(handler.Requests).Headers.Contains("X-Capstan-User"));
    }

    [Fact]
    public async Task ListModels_SendsTheFiltersAndPageToken()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, """{"items":[]}""");

        await handler.Client().ListModelsAsync("fr", "team=risk & co", 5, "next/1", Cancellation);

        Assert.Equal("?prefix=fr&tag=team%3Drisk%20%26%20co&pageSize=5&pageToken=next%2F1", Assert.Single(handler.Requests).RequestUri!.Query);
    }

    [Fact]
    public async Task ListAllModels_WalksEveryPageAndEndsWithTheFirstFailure()
    {
        var handler = new StubHandler(request => request.RequestUri!.Query switch
        {
            "" => Json("""{"items":[{"name":"a","tags":{},"versionCount":1,"aliases":{}}],"nextPageToken":"2"}"""),
            "?pageToken=2" => Json("""{"items":[{"name":"b","tags":{},"versionCount":1,"aliases":{}}],"nextPageToken":"3"}"""),
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
        });

        var results = new List<Result<ModelInfo>>();
        await foreach (var result in handler.Client().ListAllModelsAsync(cancellationToken: Cancellation))
            results.Add(result);

        Assert.Equal(["a", "b"], results.Take(2).Select(r => r.Value.Name));
        Assert.Equal(ErrorCode.NotReady, results[2].Error.Code);
        Assert.Equal(3, results.Count);
    }

    public static TheoryData<string> Refusals => new(RefusedCalls.Keys);

    private static readonly Dictionary<string, Func<CapstanClient, Task<Error>>> RefusedCalls = new()
    {
        ["get model"] = async c => (await c.GetModelAsync("../etc", Cancellation)).Error,
        ["update model"] = async c => (await c.UpdateModelAsync("a b", new ModelUpdate(), Cancellation)).Error,
        ["push"] = async c => (await c.PushAsync("fraud/x", new MemoryStream(), "model.onnx", cancellationToken: Cancellation)).Error,
        ["push a missing file"] = async c => (await c.PushAsync("fraud", "/no/such/model.onnx", cancellationToken: Cancellation)).Error,
        ["list versions"] = async c => (await c.ListVersionsAsync("", cancellationToken: Cancellation)).Error,
        ["get version"] = async c => (await c.GetVersionAsync("fraud:0", Cancellation)).Error,
        ["archive"] = async c => (await c.ArchiveAsync("fraud@", Cancellation)).Error,
        ["unarchive"] = async c => (await c.UnarchiveAsync("fraud:1@x", Cancellation)).Error,
        ["delete an alias"] = async c => (await c.DeleteVersionAsync("fraud@champion", Cancellation)).Error,
        ["delete the latest"] = async c => (await c.DeleteVersionAsync("fraud", Cancellation)).Error,
        ["set alias"] = async c => (await c.SetAliasAsync("fraud", "1st", 1, Cancellation)).Error,
        ["remove alias"] = async c => (await c.RemoveAliasAsync("fraud", "", Cancellation)).Error,
        ["list aliases"] = async c => (await c.ListAliasesAsync(".hidden", Cancellation)).Error,
        ["alias history"] = async c => (await c.GetAliasHistoryAsync("fraud", "a/b", Cancellation)).Error,
        ["download"] = async c => (await c.DownloadAsync("fraud:-1", Stream.Null, cancellationToken: Cancellation)).Error,
        ["download to a file"] = async c => (await c.DownloadToFileAsync("fraud:x", "/tmp/never", cancellationToken: Cancellation)).Error,
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task BadArguments_AreRefusedWithoutARequest(string call)
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, "{}");

        var error = await RefusedCalls[call](handler.Client());

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Empty(handler.Requests);
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
}
