using System.Net;
using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;

namespace Capstan.Client.Tests.Http;

/// <summary>How the client turns what goes wrong into errors, with canned responses instead of a server.</summary>
public sealed class ClientErrorTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProblemDetails_BecomeAnErrorWithTheirCodeAndDetail()
    {
        var handler = StubHandler.Answering(HttpStatusCode.Conflict,
            """{"type":"https://capstan.dev/problems/conflict","title":"Conflict","status":409,"detail":"Alias 'champion' points at fraud:3.","code":"Conflict"}""",
            "application/problem+json");

        var error = (await handler.Client().DeleteVersionAsync("fraud:3", Cancellation)).Error;

        Assert.Equal(new Error(ErrorCode.Conflict, "Alias 'champion' points at fraud:3."), error);
    }

    [Fact]
    public async Task ProblemDetails_WithAnUnknownCode_FallBackToTheStatus()
    {
        var handler = StubHandler.Answering(HttpStatusCode.NotFound, """{"title":"Not found","status":404,"code":"Gone"}""", "application/problem+json");

        var error = (await handler.Client().GetModelAsync("fraud", Cancellation)).Error;

        Assert.Equal(new Error(ErrorCode.NotFound, "Not found"), error);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, ErrorCode.NotReady)]
    [InlineData(HttpStatusCode.TooManyRequests, ErrorCode.Overloaded)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ErrorCode.TooLarge)]
    [InlineData(HttpStatusCode.InternalServerError, ErrorCode.Internal)]
    public async Task AnErrorWithoutProblemDetails_IsTranslatedFromItsStatus(HttpStatusCode status, ErrorCode code)
    {
        var handler = StubHandler.Answering(status, "<html>proxy error</html>", "text/html");

        var error = (await handler.Client().GetModelAsync("fraud", Cancellation)).Error;

        Assert.Equal(code, error.Code);
        Assert.Contains(((int)status).ToString(), error.Message);
    }

    [Fact]
    public async Task ASuccessWithAMalformedBody_IsAnInternalError()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, "[1, 2]");

        var error = (await handler.Client().GetModelAsync("fraud", Cancellation)).Error;

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Contains("not a ModelInfo", error.Message);
    }

    [Fact]
    public async Task AnUnreachableServer_IsNotReadyNamingTheServerAndTheSocketError()
    {
        using var client = new CapstanClient("http://127.0.0.1:1");

        var error = (await client.GetModelAsync("fraud", Cancellation)).Error;

        Assert.Equal(
            new Error(ErrorCode.NotReady, "Cannot reach the Capstan server at http://127.0.0.1:1/: Connection refused (ConnectionRefused)"),
            error);
    }

    [Fact]
    public async Task CancellingTheToken_Throws()
    {
        using var client = new CapstanClient(new Uri("http://127.0.0.1:1"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetModelAsync("fraud", new CancellationToken(canceled: true)));
    }
}
